import { h, replaceChildren } from '../dom.ts';

/** A problem to show: its words, and the form field it is about (by the input's name), if any. */
export interface Problem {
  field?: string;
  message: string;
}

/** What the gateway says about an error: whether sending the same again may work, and when. */
export interface Retryability {
  retryable: boolean;
  retryAfterSeconds?: number | null;
}

/** A labelled control with its description and its own error line, tied by aria-describedby. */
export interface Field {
  name: string;
  element: HTMLElement;
  control: HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement;
  error: HTMLElement;
}

export function field(
  name: string,
  id: string,
  label: string,
  control: Field['control'],
  description?: string,
): Field {
  control.id = id;
  control.name = name;
  const help = description ? h('p', { class: 'help', id: `${id}-help` }, description) : null;
  const error = h('p', { class: 'field-error error', id: `${id}-error`, hidden: true });
  control.setAttribute('aria-describedby', [help ? help.id : '', error.id].filter(Boolean).join(' '));
  const isCheckbox = control instanceof HTMLInputElement && control.type === 'checkbox';
  const element = isCheckbox
    ? h('div', { class: 'field checkbox-field' }, control, h('label', { for: id }, label), help, error)
    : h('div', { class: 'field' }, h('label', { for: id }, label), help, control, error);
  return { name, element, control, error };
}

/** The advice that follows an error: try again (when, and that it is safe), or change something. */
export function retryHint(error: Retryability): string {
  if (!error.retryable) return 'Correct the form and submit again.';
  const when = error.retryAfterSeconds ? `in ${error.retryAfterSeconds} s` : 'in a moment';
  return `Try again ${when}: submitting the same form again is safe, it creates no second import.`;
}

/**
 * The form's errors: one summary at the top (focused, so keyboard and screen-reader users land on
 * it), and each field's own message next to it.
 */
export function errorPresenter(summary: HTMLElement, fields: Field[]) {
  summary.classList.add('error-summary');
  summary.tabIndex = -1;
  summary.hidden = true;
  const clear = () => {
    // Hiding the summary while it has the focus would drop it to the page's start: it goes to the
    // field the problem was about (e.g. the file input, once a good file replaced a bad one).
    const hadFocus = summary.contains(document.activeElement);
    const about = fields.find((each) => each.control.hasAttribute('aria-invalid')) ?? fields[0];
    summary.hidden = true;
    replaceChildren(summary);
    if (hadFocus) about?.control.focus();
    for (const each of fields) {
      each.error.hidden = true;
      replaceChildren(each.error);
      each.control.removeAttribute('aria-invalid');
    }
  };
  return {
    clear,
    show(problems: Problem[], hint?: string) {
      clear();
      for (const problem of problems) {
        const target = fields.find((each) => each.name === problem.field);
        if (!target) continue;
        target.error.hidden = false;
        target.error.append(problem.message);
        target.control.setAttribute('aria-invalid', 'true');
      }
      replaceChildren(
        summary,
        h('h2', null, problems.length === 1 ? 'There is a problem' : `There are ${problems.length} problems`),
        h(
          'ul',
          null,
          problems.map((problem) => h('li', null, problem.message)),
        ),
        hint ? h('p', null, hint) : null,
      );
      summary.hidden = false;
      summary.focus();
    },
  };
}

/** The input field a userError's path names (`["input", "resourceType"]` → `resourceType`). */
export function fieldOfPath(path: readonly string[] | null | undefined): string | undefined {
  if (!path) return undefined;
  return path[0] === 'input' ? path[1] : path[0];
}

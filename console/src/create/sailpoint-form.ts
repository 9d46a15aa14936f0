import type { ConsoleContext } from '../context.ts';
import { h, replaceChildren } from '../dom.ts';
import { errorPresenter, field } from './form-feedback.ts';
import { MAX_BODY_BYTES, parseSailPointDocument } from './parse-inputs.ts';
import { SubmissionKey, creationForm, sendCreateImport, type CreationOutcome } from './submit.ts';

/** The SailPoint form: an sp-config export (a file, or pasted), checked here, sent as `document`. */
export function sailPointForm(
  context: ConsoleContext,
  onCreated: (outcome: CreationOutcome) => void,
): HTMLFormElement {
  const key = new SubmissionKey();
  const file = field(
    'file',
    'sp-file',
    'Export file (optional)',
    h('input', { type: 'file', accept: '.json,application/json' }),
    'Choosing a file puts its text in the box below.',
  );
  const documentField = field(
    'document',
    'sp-document',
    'sp-config export (JSON)',
    h('textarea', { rows: 12, spellcheck: 'false', autocomplete: 'off' }),
    'A JSON object with an "objects" array, as SailPoint exports it; each object names itself in "self".',
  );
  const preview = field(
    'preview',
    'sp-preview',
    'Preview only',
    h('input', { type: 'checkbox' }),
    'SailPoint reports what would happen, without importing anything.',
  );
  const fields = [file, documentField, preview];
  const summary = h('div', { role: 'alert' });
  const errors = errorPresenter(summary, fields);
  const status = h('p', { class: 'preview', 'aria-live': 'polite' });
  const submit = h('button', { type: 'submit' }, 'Create import');
  const textarea = documentField.control as HTMLTextAreaElement;
  const fileInput = file.control as HTMLInputElement;

  fileInput.addEventListener('change', () => void readFile());
  textarea.addEventListener('input', () => describe());
  const form = creationForm({ summary, fields, preview: status, submit, key, onSubmit: send });

  async function readFile(): Promise<void> {
    const chosen = fileInput.files?.[0];
    if (!chosen) return;
    if (chosen.size > MAX_BODY_BYTES) {
      errors.show([
        { field: 'file', message: `${chosen.name} is larger than the 10 MiB the gateway takes per request.` },
      ]);
      return;
    }
    textarea.value = await chosen.text();
    errors.clear();
    describe();
  }

  /** What the document holds, said as it is typed or chosen (nothing while it does not parse yet). */
  function describe(): void {
    const parsed = parseSailPointDocument(textarea.value);
    replaceChildren(
      status,
      parsed.ok
        ? `${parsed.value.objectCount} ${parsed.value.objectCount === 1 ? 'object' : 'objects'}: ${parsed.value.types.join(', ')}.`
        : '',
    );
  }

  async function send(): Promise<void> {
    if (submit.disabled) return;
    const parsed = parseSailPointDocument(textarea.value);
    if (!parsed.ok) return errors.show([{ field: 'document', message: parsed.error }]);
    errors.clear();
    submit.disabled = true;
    submit.textContent = 'Creating…';
    try {
      const outcome = await sendCreateImport(context.apollo, {
        provider: 'SAILPOINT',
        document: parsed.value.document,
        preview: (preview.control as HTMLInputElement).checked,
        idempotencyKey: key.forSubmit(),
      });
      if (outcome.problems.length > 0) errors.show(outcome.problems, outcome.hint);
      if (outcome.imports.length > 0) onCreated(outcome);
    } finally {
      submit.disabled = false;
      submit.textContent = 'Create import';
    }
  }

  return form;
}

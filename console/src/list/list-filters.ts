import { h, replaceChildren } from '../dom.ts';
import { PROVIDERS, STATUSES, type ListFilters } from '../route.ts';
import { STATUS_WORDS, VENDOR_NAMES } from '../words.ts';

/** The API's limits on a filter (schema/connection.graphql, ImportFilter). */
const MAX_RESOURCE_TYPES = 50;
const MAX_REFERENCE = 255;

/** Whether the person left the filters open or folded: kept as the list is shown again. */
let foldedOpen: boolean | undefined;

export interface FilterForm {
  element: HTMLFormElement;
  /** Offers these resource types as suggestions (those seen in the list). */
  suggestTypes(types: Iterable<string>): void;
}

/**
 * The list's filters. They apply when the form is submitted (Apply, or Enter in a field), not on
 * every change: a date typed digit by digit is not re-queried at each one, the focus stays where
 * the person is (WCAG 3.2.2), and each applied set is one history entry, so Back returns to the
 * previous filters and a reload keeps them (they live in the URL).
 */
export function filterForm(
  filters: ListFilters,
  apply: (filters: ListFilters, focusAfter: string) => void,
): FilterForm {
  const error = h('p', { id: 'filter-error', class: 'error', role: 'alert' });
  const vendors = PROVIDERS.map((vendor) =>
    checkbox('vendor', vendor, VENDOR_NAMES[vendor], filters.vendors.includes(vendor)),
  );
  const statuses = STATUSES.map((status) =>
    checkbox('status', status, STATUS_WORDS[status], filters.statuses.includes(status)),
  );
  const suggestions = h('datalist', { id: 'filter-type-suggestions' });
  const type = h('input', {
    id: 'filter-type',
    name: 'type',
    type: 'text',
    list: 'filter-type-suggestions',
    autocomplete: 'off',
    value: filters.resourceTypes.join(', '),
    'aria-describedby': 'filter-type-help',
  });
  const from = h('input', {
    id: 'filter-from',
    name: 'from',
    type: 'date',
    value: filters.createdFrom ?? '',
  });
  const to = h('input', { id: 'filter-to', name: 'to', type: 'date', value: filters.createdTo ?? '' });
  const reference = h('input', {
    id: 'filter-reference',
    name: 'reference',
    type: 'text',
    autocomplete: 'off',
    value: filters.reference ?? '',
    'aria-describedby': 'filter-reference-help',
  });

  const read = (): ListFilters | FilterProblem => {
    for (const [input, name, field] of [
      [from, 'Created from', 'from'],
      [to, 'Created to', 'to'],
    ] as const)
      if (input.validity.badInput)
        return { message: `Enter “${name}” as a whole date: day, month and year.`, fields: [field] };
    const read: ListFilters = {
      vendors: vendors.filter(({ input }) => input.checked).map(({ value }) => value),
      statuses: statuses.filter(({ input }) => input.checked).map(({ value }) => value),
      resourceTypes: [
        ...new Set(
          type.value
            .split(',')
            .map((value) => value.trim())
            .filter(Boolean),
        ),
      ],
      createdFrom: from.value || undefined,
      createdTo: to.value || undefined,
      reference: reference.value.trim() || undefined,
    };
    return filterProblem(read) ?? read;
  };

  const inputs = { from, to, type, reference };
  const say = (problem: FilterProblem | undefined) => {
    error.textContent = problem?.message ?? '';
    error.hidden = !problem;
    for (const [name, input] of Object.entries(inputs)) {
      const wrong = problem?.fields.includes(name as ProblemField) ?? false;
      if (wrong) input.setAttribute('aria-invalid', 'true');
      else input.removeAttribute('aria-invalid');
      // The message is read with the field it is about.
      const described = (input.getAttribute('aria-describedby') ?? '')
        .split(' ')
        .filter((id) => id && id !== 'filter-error');
      if (wrong) described.push('filter-error');
      if (described.length > 0) input.setAttribute('aria-describedby', described.join(' '));
      else input.removeAttribute('aria-describedby');
    }
  };
  const problem = filterProblem(filters);
  say(problem);
  const applied = countSet(filters);

  const form = h(
    'form',
    {
      class: 'list-filters',
      'aria-labelledby': 'filters-title',
      novalidate: true,
      on: {
        submit: (event) => {
          event.preventDefault();
          const result = read();
          if ('message' in result) {
            say(result);
            inputs[result.fields[0]!].focus();
          } else apply(result, 'filter-apply');
        },
      },
    },
    h(
      'details',
      {
        class: 'list-filters-box',
        open: problem !== undefined || (foldedOpen ?? wide()),
        on: { toggle: (event) => (foldedOpen = (event.currentTarget as HTMLDetailsElement).open) },
      },
      h('summary', { id: 'filters-title' }, applied > 0 ? `Filters (${applied} set)` : 'Filters'),
      h(
        'fieldset',
        { class: 'list-filter-choices' },
        h('legend', null, 'Vendor'),
        vendors.map(({ label }) => label),
      ),
      h(
        'fieldset',
        { class: 'list-filter-choices' },
        h('legend', null, 'Status'),
        statuses.map(({ label }) => label),
      ),
      h(
        'div',
        { class: 'list-filter-fields' },
        field('filter-type', 'Resource type', type, 'filter-type-help', 'Comma separated, e.g. skus, prices'),
        field('filter-from', 'Created from (UTC)', from),
        field('filter-to', 'Created to (UTC)', to),
        field(
          'filter-reference',
          'Reference',
          reference,
          'filter-reference-help',
          'Exact; only Commerce Layer imports have one',
        ),
      ),
      suggestions,
      error,
      h(
        'div',
        { class: 'list-filter-actions' },
        h('button', { type: 'submit', id: 'filter-apply' }, 'Apply filters'),
        h(
          'button',
          {
            type: 'button',
            id: 'filter-clear',
            class: 'secondary',
            on: {
              click: () => apply({ vendors: [], statuses: [], resourceTypes: [] }, 'filter-clear'),
            },
          },
          'Clear filters',
        ),
      ),
    ),
  );
  return {
    element: form,
    suggestTypes(types) {
      const known = new Set([...types].flatMap((value) => value.split(',').map((part) => part.trim())));
      replaceChildren(
        suggestions,
        [...known].sort().map((value) => h('option', { value })),
      );
    },
  };
}

type ProblemField = 'from' | 'to' | 'type' | 'reference';

export interface FilterProblem {
  message: string;
  /** The fields to fix, the first one to focus. */
  fields: ProblemField[];
}

/** Why no import could match these filters, or why the API would refuse them; undefined if fine. */
export function filterProblem(filters: ListFilters): FilterProblem | undefined {
  if (filters.createdFrom && filters.createdTo && filters.createdFrom > filters.createdTo)
    return {
      message: `“Created from” (${filters.createdFrom}) is after “Created to” (${filters.createdTo}): no import can match. Change one of them.`,
      fields: ['from', 'to'],
    };
  if (filters.resourceTypes.length > MAX_RESOURCE_TYPES)
    return {
      message: `At most ${MAX_RESOURCE_TYPES} resource types can be asked for at once; ${filters.resourceTypes.length} were given.`,
      fields: ['type'],
    };
  if (filters.reference && filters.reference.length > MAX_REFERENCE)
    return {
      message: `A reference has at most ${MAX_REFERENCE} characters; this one has ${filters.reference.length}.`,
      fields: ['reference'],
    };
  return undefined;
}

/** How many of the filters hold something, for the summary of the folded form. */
function countSet(filters: ListFilters): number {
  return [
    filters.vendors.length,
    filters.statuses.length,
    filters.resourceTypes.length,
    filters.createdFrom,
    filters.createdTo,
    filters.reference,
  ].filter(Boolean).length;
}

/** Wide screens show the filters open; narrow ones fold them until asked, so the list shows first. */
function wide(): boolean {
  return typeof matchMedia === 'function' && matchMedia('(min-width: 52rem)').matches;
}

function checkbox<T extends string>(name: string, value: T, text: string, checked: boolean) {
  const input = h('input', { type: 'checkbox', name, value, id: `filter-${name}-${value}`, checked });
  const label = h('label', { class: 'list-choice', for: `filter-${name}-${value}` }, input, text);
  return { input, label, value };
}

function field(id: string, text: string, input: HTMLElement, helpId?: string, help?: string): HTMLElement {
  return h(
    'div',
    { class: 'list-filter-field' },
    h('label', { for: id }, text),
    input,
    helpId && help ? h('p', { id: helpId, class: 'help' }, help) : null,
  );
}

import type { ConsoleContext } from '../context.ts';
import { h, replaceChildren } from '../dom.ts';
import { field, type Problem } from './form-feedback.ts';
import {
  formatOf,
  MAX_BODY_BYTES,
  MAX_INPUTS_PER_IMPORT,
  parseInputs,
  type ParsedInputs,
} from './parse-inputs.ts';
// The gateway's own list (from the vendor's CLI), so the choice offered is the one it accepts.
import { IMPORTABLE_RESOURCE_TYPES } from '../../../src/providers/commercelayer/import-limits.ts';
import { creationForm, type CreationOutcome } from './submit.ts';

/** The Commerce Layer form: a CSV or JSON file read and checked here, then sent as `inputs`. */
export function commerceLayerForm(
  context: ConsoleContext,
  onCreated: (outcome: CreationOutcome) => void,
): HTMLFormElement {
  let parsed: ParsedInputs | undefined;
  let fileProblem: string | undefined;

  const file = field(
    'inputs',
    'cl-file',
    'File (CSV or JSON)',
    h('input', { type: 'file', accept: '.csv,.json,text/csv,application/json' }),
    'CSV with a header row, or a JSON array of objects. Up to 10 MiB; over 10,000 inputs become several imports (at most 10).',
  );
  const resourceType = field(
    'resourceType',
    'cl-resource-type',
    'Resource type',
    h(
      'select',
      { required: true },
      h('option', { value: '' }, 'Choose a resource type'),
      IMPORTABLE_RESOURCE_TYPES.map((type) => h('option', { value: type }, type)),
    ),
    'What each input creates or updates in Commerce Layer.',
  );
  const reference = field(
    'reference',
    'cl-reference',
    'Reference (optional)',
    h('input', { type: 'text', maxlength: 255, autocomplete: 'off' }),
    'Your own label, to find the import again; the parts of a split get it with -1, -2, … added.',
  );
  const skipErrors = field(
    'skipErrors',
    'cl-skip-errors',
    'Go on past errors',
    h('input', { type: 'checkbox' }),
    'Without it, Commerce Layer stops the import once more than 10 % of the inputs fail.',
  );
  const fields = [file, resourceType, reference, skipErrors];
  const preview = h('div', { class: 'preview', 'aria-live': 'polite' });

  const fileInput = file.control as HTMLInputElement;
  fileInput.addEventListener('change', () => void readFile());
  const { form, errors } = creationForm({
    apollo: context.apollo,
    fields,
    preview,
    onCreated,
    prepare() {
      const problems: Problem[] = [];
      if (fileProblem) problems.push({ field: 'inputs', message: fileProblem });
      else if (!parsed) problems.push({ field: 'inputs', message: 'Choose a CSV or JSON file to import.' });
      const type = (resourceType.control as HTMLSelectElement).value;
      if (!type)
        problems.push({ field: 'resourceType', message: 'Choose the resource type the file holds.' });
      if (problems.length > 0 || !parsed) return problems;
      return {
        provider: 'COMMERCE_LAYER',
        resourceType: type,
        format: parsed.format,
        inputs: parsed.inputs,
        reference: (reference.control as HTMLInputElement).value.trim() || undefined,
        skipErrors: (skipErrors.control as HTMLInputElement).checked,
      };
    },
  });

  async function readFile(): Promise<void> {
    parsed = undefined;
    fileProblem = undefined;
    replaceChildren(preview);
    const chosen = fileInput.files?.[0];
    if (!chosen) return;
    if (chosen.size > MAX_BODY_BYTES) {
      fileProblem = `${chosen.name} is ${(chosen.size / 1024 / 1024).toFixed(1)} MiB; the gateway takes at most 10 MiB per request. Split it into smaller files.`;
    } else {
      const text = await chosen.text();
      const result = parseInputs(text, formatOf(chosen.name, chosen.type, text));
      if (result.ok) parsed = result.value;
      else fileProblem = `${chosen.name}: ${result.error}`;
    }
    if (fileProblem) errors.show([{ field: 'inputs', message: fileProblem }]);
    else {
      errors.clear();
      showPreview(chosen.name);
    }
  }

  function showPreview(name: string): void {
    if (!parsed) return;
    const { format, count, columns, parts } = parsed;
    replaceChildren(
      preview,
      h('h2', null, 'What will be sent'),
      h(
        'dl',
        null,
        h('dt', null, 'File'),
        h('dd', null, name),
        h('dt', null, 'Format'),
        h('dd', null, format),
        h('dt', null, 'Inputs'),
        h('dd', null, count.toLocaleString()),
        h('dt', null, 'Columns'),
        h('dd', null, columns.length > 0 ? columns.join(', ') : '(none)'),
      ),
      parts >= 2
        ? h(
            'p',
            { class: 'split-notice' },
            `Will be split into ${parts} imports of at most ${MAX_INPUTS_PER_IMPORT.toLocaleString()} inputs.`,
          )
        : null,
    );
  }

  return form;
}

import type { ConsoleContext } from '../context.ts';
import { h, replaceChildren } from '../dom.ts';
import { field } from './form-feedback.ts';
import { parseImportOptions } from './parse-import-options.ts';
import { MAX_BODY_BYTES, parseSailPointDocument } from './parse-inputs.ts';
import { creationForm, type CreationOutcome } from './submit.ts';

/**
 * The SailPoint form: an sp-config export (a file, or pasted), checked here, sent as `document`,
 * with ImportOptions, when given, as `options`.
 */
export function sailPointForm(
  context: ConsoleContext,
  onCreated: (outcome: CreationOutcome) => void,
): HTMLFormElement {
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
  const optionsField = field(
    'options',
    'sp-options',
    'Import options (JSON, optional)',
    h('textarea', { rows: 4, spellcheck: 'false', autocomplete: 'off' }),
    'SailPoint ImportOptions, e.g. {"includeTypes": ["SOURCE"], "excludeBackup": true}. Keys: includeTypes, ' +
      'excludeTypes, objectOptions, defaultReferences, excludeBackup.',
  );
  const preview = field(
    'preview',
    'sp-preview',
    'Preview only',
    h('input', { type: 'checkbox' }),
    'SailPoint reports what would happen, without importing anything.',
  );
  const fields = [file, documentField, optionsField, preview];
  const status = h('p', { class: 'preview', 'aria-live': 'polite' });
  const textarea = documentField.control as HTMLTextAreaElement;
  const optionsText = optionsField.control as HTMLTextAreaElement;
  const fileInput = file.control as HTMLInputElement;

  fileInput.addEventListener('change', () => void readFile());
  textarea.addEventListener('input', () => describe());
  optionsText.addEventListener('input', () => describe());
  const { form, errors } = creationForm({
    apollo: context.apollo,
    fields,
    preview: status,
    onCreated,
    prepare() {
      const parsed = parseSailPointDocument(textarea.value);
      const options = parseImportOptions(optionsText.value);
      const problems = [
        ...(parsed.ok ? [] : [{ field: 'document', message: parsed.error }]),
        ...(options.ok ? [] : [{ field: 'options', message: options.error }]),
      ];
      if (!parsed.ok || !options.ok) return problems;
      return {
        provider: 'SAILPOINT',
        document: parsed.value.document,
        ...(options.value.options && { options: options.value.options }),
        preview: (preview.control as HTMLInputElement).checked,
      };
    },
  });

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

  /**
   * What the document holds, said as it is typed or chosen (nothing while it does not parse yet),
   * and the option keys SailPoint would ignore.
   */
  function describe(): void {
    const parsed = parseSailPointDocument(textarea.value);
    const options = parseImportOptions(optionsText.value);
    const unknown = options.ok ? options.value.unknownKeys : [];
    replaceChildren(
      status,
      parsed.ok
        ? `${parsed.value.objectCount} ${parsed.value.objectCount === 1 ? 'object' : 'objects'}: ${parsed.value.types.join(', ')}.`
        : null,
      unknown.length > 0
        ? h(
            'span',
            { class: 'unknown-options' },
            `SailPoint ignores the option ${unknown.length === 1 ? 'key' : 'keys'} ` +
              `${unknown.map((key) => `"${key}"`).join(', ')}: check the spelling.`,
          )
        : null,
    );
  }

  return form;
}

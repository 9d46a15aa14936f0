/**
 * SailPoint's ImportOptions as typed in the create form, checked before anything is sent: the same
 * shape the gateway checks (lists where lists belong, an object of objects, a flag), so a mistake is
 * shown next to the field instead of after a round trip. Pure (no DOM), unit-tested under Node.
 */

import type { Parsed } from './parse-inputs.ts';

/** The keys of ImportOptions in SailPoint's spec. */
export const IMPORT_OPTION_KEYS = [
  'includeTypes',
  'excludeTypes',
  'objectOptions',
  'defaultReferences',
  'excludeBackup',
] as const;

export interface ParsedImportOptions {
  /** What `createImport` sends as `options`; undefined when the field is left empty. */
  options: Record<string, unknown> | undefined;
  /**
   * Keys SailPoint does not know. Not refused: the spec leaves ImportOptions open and SailPoint
   * ignores them, but a misspelt key would silently do nothing, so the form names them.
   */
  unknownKeys: string[];
}

const refuse = (error: string): { ok: false; error: string } => ({ ok: false, error });

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const isStringList = (value: unknown): boolean =>
  Array.isArray(value) && value.every((item) => typeof item === 'string');

export function parseImportOptions(text: string): Parsed<ParsedImportOptions> {
  if (text.trim() === '') return { ok: true, value: { options: undefined, unknownKeys: [] } };
  let options: unknown;
  try {
    options = JSON.parse(text) as unknown;
  } catch (error) {
    return refuse(`The import options are not valid JSON: ${(error as Error).message}`);
  }
  if (!isPlainObject(options))
    return refuse('The import options must be a JSON object, e.g. {"excludeBackup": true}.');
  for (const name of ['includeTypes', 'excludeTypes'] as const) {
    const value = options[name];
    if (value !== undefined && value !== null && !isStringList(value))
      return refuse(`"${name}" must be a list of object types as strings, e.g. ["SOURCE", "TRANSFORM"].`);
  }
  const references = options.defaultReferences;
  if (references !== undefined && references !== null && !Array.isArray(references))
    return refuse('"defaultReferences" must be a list.');
  const objectOptions = options.objectOptions;
  if (
    objectOptions !== undefined &&
    objectOptions !== null &&
    (!isPlainObject(objectOptions) || !Object.values(objectOptions).every(isPlainObject))
  )
    return refuse('"objectOptions" must map object types to {"includedIds": […], "includedNames": […]}.');
  const excludeBackup = options.excludeBackup;
  if (excludeBackup !== undefined && excludeBackup !== null && typeof excludeBackup !== 'boolean')
    return refuse('"excludeBackup" must be true or false.');
  const known: readonly string[] = IMPORT_OPTION_KEYS;
  const unknownKeys = Object.keys(options).filter((key) => !known.includes(key));
  return { ok: true, value: { options, unknownKeys } };
}

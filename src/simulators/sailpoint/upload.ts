import { EXPORTABLE_OBJECT_TYPES, isImportOptionType } from './object-types.ts';

/** `self` of a config object: which object it is (SelfImportExportDto) [S]. */
export interface ObjectSelf {
  type: string;
  id: string;
  name: string;
}

/** One entry of an export document's `objects` (ConfigObject) [S]. */
export interface ConfigObject {
  version: number;
  self: ObjectSelf;
  object: Record<string, unknown>;
}

/** The sp-config export JSON uploaded as the `data` part (the spec's sample import file) [S]. */
export interface ExportDocument {
  version: number;
  timestamp: string;
  tenant: string;
  description: string | null;
  objects: ConfigObject[];
}

/**
 * ImportOptions [S]. The schema types `defaultReferences` as type names while the request example
 * in the same spec gives `{type, id, name}` objects; both are accepted and kept as given.
 */
export interface ImportOptions {
  includeTypes: string[];
  excludeTypes: string[];
  objectOptions: Record<string, { includedIds: string[]; includedNames: string[] }>;
  defaultReferences: (string | { type: string; id: string | null; name: string | null })[];
  excludeBackup: boolean;
}

/** Everything a job was created from. */
export interface ImportUpload {
  document: ExportDocument;
  options: ImportOptions;
  preview: boolean;
}

export const NO_OPTIONS: ImportOptions = {
  includeTypes: [],
  excludeTypes: [],
  objectOptions: {},
  defaultReferences: [],
  excludeBackup: false,
};

export type Parsed<T> = { ok: true; value: T } | { ok: false; reason: string };

const KNOWN_TYPES: ReadonlySet<string> = new Set(EXPORTABLE_OBJECT_TYPES);

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function fail<T>(reason: string): Parsed<T> {
  return { ok: false, reason };
}

/** Checks that a parsed `data` part is an export document the import can read. */
export function parseExportDocument(value: unknown): Parsed<ExportDocument> {
  if (!isRecord(value)) return fail('The data file must hold a JSON object (an sp-config export).');
  if (!Array.isArray(value.objects))
    return fail('The data file is not an sp-config export: "objects" must be an array.');
  const objects: ConfigObject[] = [];
  for (const [index, entry] of value.objects.entries()) {
    const where = `objects[${index}]`;
    if (!isRecord(entry) || !isRecord(entry.self)) return fail(`${where}.self must be an object.`);
    const { type, id, name } = entry.self;
    if (typeof type !== 'string' || !KNOWN_TYPES.has(type)) {
      return fail(`${where}.self.type must be an sp-config object type, not ${JSON.stringify(type)}.`);
    }
    if (typeof id !== 'string' || id.length === 0)
      return fail(`${where}.self.id must be a non-empty string.`);
    if (name !== undefined && name !== null && typeof name !== 'string')
      return fail(`${where}.self.name must be a string.`);
    if (entry.object !== undefined && !isRecord(entry.object))
      return fail(`${where}.object must be an object.`);
    objects.push({
      version: typeof entry.version === 'number' ? entry.version : 1,
      self: { type, id, name: typeof name === 'string' ? name : '' },
      object: isRecord(entry.object) ? entry.object : {},
    });
  }
  return {
    ok: true,
    value: {
      version: typeof value.version === 'number' ? value.version : 1,
      timestamp: typeof value.timestamp === 'string' ? value.timestamp : '',
      tenant: typeof value.tenant === 'string' ? value.tenant : '',
      description: typeof value.description === 'string' ? value.description : null,
      objects,
    },
  };
}

function typeList(value: unknown, field: string): Parsed<string[]> {
  if (value === undefined || value === null) return { ok: true, value: [] };
  if (!Array.isArray(value)) return fail(`options.${field} must be an array of object types.`);
  for (const type of value) {
    if (typeof type !== 'string' || !isImportOptionType(type)) {
      return fail(`options.${field} holds ${JSON.stringify(type)}, which is not an importable object type.`);
    }
  }
  return { ok: true, value: value as string[] };
}

function stringList(value: unknown, field: string): Parsed<string[]> {
  if (value === undefined || value === null) return { ok: true, value: [] };
  if (!Array.isArray(value) || value.some((item) => typeof item !== 'string')) {
    return fail(`${field} must be an array of strings.`);
  }
  return { ok: true, value: value as string[] };
}

/** Checks the `options` part (ImportOptions). Unknown keys are ignored, as Jackson does by default. */
export function parseImportOptions(value: unknown): Parsed<ImportOptions> {
  if (value === undefined || value === null) return { ok: true, value: NO_OPTIONS };
  if (!isRecord(value)) return fail('options must be a JSON object (ImportOptions).');
  const includeTypes = typeList(value.includeTypes, 'includeTypes');
  if (!includeTypes.ok) return includeTypes;
  const excludeTypes = typeList(value.excludeTypes, 'excludeTypes');
  if (!excludeTypes.ok) return excludeTypes;
  const objectOptions: ImportOptions['objectOptions'] = {};
  if (value.objectOptions !== undefined && value.objectOptions !== null) {
    if (!isRecord(value.objectOptions))
      return fail('options.objectOptions must be an object keyed by object type.');
    for (const [type, entry] of Object.entries(value.objectOptions)) {
      if (!KNOWN_TYPES.has(type))
        return fail(`options.objectOptions has an unknown object type ${JSON.stringify(type)}.`);
      if (!isRecord(entry)) return fail(`options.objectOptions.${type} must be an object.`);
      const includedIds = stringList(entry.includedIds, `options.objectOptions.${type}.includedIds`);
      if (!includedIds.ok) return includedIds;
      const includedNames = stringList(entry.includedNames, `options.objectOptions.${type}.includedNames`);
      if (!includedNames.ok) return includedNames;
      objectOptions[type] = { includedIds: includedIds.value, includedNames: includedNames.value };
    }
  }
  const defaultReferences = parseDefaultReferences(value.defaultReferences);
  if (!defaultReferences.ok) return defaultReferences;
  if (
    value.excludeBackup !== undefined &&
    value.excludeBackup !== null &&
    typeof value.excludeBackup !== 'boolean'
  ) {
    return fail('options.excludeBackup must be true or false.');
  }
  return {
    ok: true,
    value: {
      includeTypes: includeTypes.value,
      excludeTypes: excludeTypes.value,
      objectOptions,
      defaultReferences: defaultReferences.value,
      excludeBackup: value.excludeBackup === true,
    },
  };
}

function parseDefaultReferences(value: unknown): Parsed<ImportOptions['defaultReferences']> {
  if (value === undefined || value === null) return { ok: true, value: [] };
  if (!Array.isArray(value)) return fail('options.defaultReferences must be an array.');
  const references: ImportOptions['defaultReferences'] = [];
  for (const entry of value) {
    if (typeof entry === 'string' && isImportOptionType(entry)) {
      references.push(entry);
    } else if (isRecord(entry) && typeof entry.type === 'string' && /^[A-Z][A-Z_]+$/.test(entry.type)) {
      // A reference may point at any object kind (IDENTITY, GOVERNANCE_GROUP…), not only exportable ones.
      references.push({
        type: entry.type,
        id: typeof entry.id === 'string' ? entry.id : null,
        name: typeof entry.name === 'string' ? entry.name : null,
      });
    } else {
      return fail(
        `options.defaultReferences holds ${JSON.stringify(entry)}, neither an object type nor a reference.`,
      );
    }
  }
  return { ok: true, value: references };
}

import { SimInputError } from '../core/vendor.ts';
import { IMPORT_TYPES, importTypeNamed, type ImportType } from './import-types.ts';
import { IMPORT_STATUSES, type ImportStatus } from './model.ts';

/** What `POST /__sim/imports` may fix about a new import, in Fleetio's own attribute names. */
export interface ImportAttributes {
  id?: number;
  status?: ImportStatus;
  type?: ImportType;
  fileName?: string;
  fileSize?: number;
  note?: string | null;
  createdAt?: number;
  updatedAt?: number;
  completedAt?: number | null;
}

const KNOWN = [
  'id',
  'status',
  'type',
  'file_name',
  'file_size',
  'note',
  'created_at',
  'updated_at',
  'completed_at',
];

/** Reads the flat attribute object of the control API; any subset, every value checked. */
export function parseImportAttributes(input: Record<string, unknown>): ImportAttributes {
  const unknown = Object.keys(input).filter((key) => !KNOWN.includes(key));
  if (unknown.length > 0) {
    throw new SimInputError(
      `Unknown Fleetio import attributes: ${unknown.join(', ')}. Known: ${KNOWN.join(', ')}.`,
    );
  }
  const attributes: ImportAttributes = {};
  if (input.id !== undefined) {
    if (!Number.isSafeInteger(input.id) || (input.id as number) < 1)
      throw new SimInputError('id must be a positive integer.');
    attributes.id = input.id as number;
  }
  if (input.status !== undefined) {
    if (!(IMPORT_STATUSES as readonly unknown[]).includes(input.status)) {
      throw new SimInputError(`status must be one of ${IMPORT_STATUSES.join(', ')}.`);
    }
    attributes.status = input.status as ImportStatus;
  }
  if (input.type !== undefined) {
    const type = typeof input.type === 'string' ? importTypeNamed(input.type) : undefined;
    if (!type)
      throw new SimInputError(`type must be one of ${IMPORT_TYPES.map((known) => known.name).join(', ')}.`);
    attributes.type = type;
  }
  if (input.file_name !== undefined) {
    if (typeof input.file_name !== 'string' || input.file_name.trim() === '') {
      throw new SimInputError('file_name must be a non-empty string.');
    }
    attributes.fileName = input.file_name;
  }
  if (input.file_size !== undefined) attributes.fileSize = fileSize(input.file_size);
  if (input.note !== undefined) {
    if (input.note !== null && typeof input.note !== 'string')
      throw new SimInputError('note must be a string or null.');
    attributes.note = input.note;
  }
  for (const [key, field] of [
    ['created_at', 'createdAt'],
    ['updated_at', 'updatedAt'],
  ] as const) {
    if (input[key] !== undefined) attributes[field] = instant(key, input[key]);
  }
  if (input.completed_at !== undefined) {
    attributes.completedAt = input.completed_at === null ? null : instant('completed_at', input.completed_at);
  }
  const { createdAt, updatedAt } = attributes;
  if (createdAt !== undefined && updatedAt !== undefined && updatedAt < createdAt) {
    throw new SimInputError('updated_at must not be before created_at.');
  }
  return attributes;
}

/** Fleetio writes `file_size` as a string of bytes; a plain number is accepted too. */
function fileSize(value: unknown): number {
  const text = typeof value === 'number' ? String(value) : value;
  if (typeof text !== 'string' || !/^\d{1,12}$/.test(text)) {
    throw new SimInputError('file_size must be a whole number of bytes, as a string (e.g. "18342").');
  }
  return Number(text);
}

function instant(key: string, value: unknown): number {
  const parsed =
    typeof value === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(value) ? Date.parse(value) : Number.NaN;
  if (Number.isNaN(parsed)) throw new SimInputError(`${key} must be an ISO 8601 date-time string.`);
  return parsed;
}

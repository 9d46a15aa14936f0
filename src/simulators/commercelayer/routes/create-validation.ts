import type { ValidationFailure } from '../errors.ts';
import { parseInputs } from '../inputs.ts';
import { IMPORT_FORMATS, IMPORT_RESOURCE_TYPES, type ImportFormat } from '../model.ts';

/** A create request's attributes once they pass validation. */
export interface ValidCreate {
  resource_type: string;
  format: ImportFormat;
  parent_resource_id: string | null;
  reference: string | null;
  reference_origin: string | null;
  metadata: Record<string, unknown>;
  skip_errors: boolean;
  cleanup_records: boolean;
  items: Record<string, unknown>[];
}

const fail = (attribute: string, message: string, error: string): ValidationFailure => ({
  attribute,
  message,
  error,
});

function optionalText(attributes: Record<string, unknown>, name: string, failures: ValidationFailure[]) {
  const value = attributes[name];
  if (value === undefined || value === null) return null;
  if (typeof value === 'string') return value;
  failures.push(fail(name, 'is invalid', 'invalid'));
  return null;
}

function optionalFlag(attributes: Record<string, unknown>, name: string, failures: ValidationFailure[]) {
  const value = attributes[name];
  if (value === undefined || value === null) return false;
  if (typeof value === 'boolean') return value;
  failures.push(fail(name, 'is invalid', 'invalid'));
  return false;
}

/**
 * The 422s of `POST /api/imports`, every failing attribute at once as Rails reports them:
 * `resource_type` required and one of the importable types (cli-core list), `format` json or csv,
 * `inputs` required and shaped for the format, at most 10,000 of them. [I] Wrongly typed optional
 * attributes answer "is invalid".
 */
export function validateCreate(attributes: Record<string, unknown>): ValidCreate | ValidationFailure[] {
  const failures: ValidationFailure[] = [];
  const resourceType = attributes.resource_type;
  if (resourceType === undefined || resourceType === null || resourceType === '') {
    failures.push(fail('resource_type', "can't be blank", 'blank'));
  } else if (
    typeof resourceType !== 'string' ||
    !(IMPORT_RESOURCE_TYPES as readonly string[]).includes(resourceType)
  ) {
    failures.push(fail('resource_type', 'is not included in the list', 'inclusion'));
  }
  const rawFormat = attributes.format ?? 'json';
  const formatKnown =
    typeof rawFormat === 'string' && (IMPORT_FORMATS as readonly string[]).includes(rawFormat);
  if (!formatKnown) failures.push(fail('format', 'is not included in the list', 'inclusion'));
  const format = (formatKnown ? rawFormat : 'json') as ImportFormat;
  const inputs = formatKnown ? parseInputs(format, attributes.inputs) : undefined;
  if (inputs && !inputs.ok) failures.push(inputs.failure);
  const metadata = attributes.metadata ?? {};
  if (typeof metadata !== 'object' || metadata === null || Array.isArray(metadata)) {
    failures.push(fail('metadata', 'is invalid', 'invalid'));
  }
  const valid = {
    resource_type: resourceType as string,
    format,
    parent_resource_id: optionalText(attributes, 'parent_resource_id', failures),
    reference: optionalText(attributes, 'reference', failures),
    reference_origin: optionalText(attributes, 'reference_origin', failures),
    metadata: metadata as Record<string, unknown>,
    skip_errors: optionalFlag(attributes, 'skip_errors', failures),
    cleanup_records: optionalFlag(attributes, 'cleanup_records', failures),
    items: inputs?.ok ? inputs.items : [],
  };
  return failures.length > 0 ? failures : valid;
}

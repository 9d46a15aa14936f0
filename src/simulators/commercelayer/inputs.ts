import { parse as parseCsv } from 'csv-parse/sync';
import type { ValidationFailure } from './errors.ts';
import { MAX_INPUTS, type ImportFormat } from './model.ts';

export type ParsedInputs =
  { ok: true; items: Record<string, unknown>[] } | { ok: false; failure: ValidationFailure };

const blank: ValidationFailure = { attribute: 'inputs', message: "can't be blank", error: 'blank' };

function invalid(reason: string): ValidationFailure {
  return { attribute: 'inputs', message: 'is invalid', error: 'invalid', extra: { reason } };
}

/** [I] The vendor's wording for an oversized import is not documented; Rails' `too_long` is likely. */
const tooLong: ValidationFailure = {
  attribute: 'inputs',
  message: `is too long (maximum is ${MAX_INPUTS} items)`,
  error: 'too_long',
  extra: { count: MAX_INPUTS },
};

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Validates `inputs` for its `format`: a JSON import carries an array of objects, a CSV import a
 * string whose first line names the columns (resource schema; specs/VENDOR-REFERENCE.md §3). More
 * than 10,000 items is refused at creation (cli-core `imports.max_size`).
 */
export function parseInputs(format: ImportFormat, raw: unknown): ParsedInputs {
  if (raw === undefined || raw === null) return { ok: false, failure: blank };
  if (format === 'json') {
    if (!Array.isArray(raw))
      return { ok: false, failure: invalid('a JSON import takes an array of objects') };
    if (raw.length === 0) return { ok: false, failure: blank };
    if (raw.length > MAX_INPUTS) return { ok: false, failure: tooLong };
    if (!raw.every(isPlainObject)) {
      return { ok: false, failure: invalid('every item of a JSON import must be an object') };
    }
    return { ok: true, items: raw };
  }
  if (typeof raw !== 'string') return { ok: false, failure: invalid('a CSV import takes a string') };
  if (raw.trim() === '') return { ok: false, failure: blank };
  let records: Record<string, string>[];
  try {
    records = parseCsv(raw, { columns: true, skip_empty_lines: true, trim: true });
  } catch (error) {
    return { ok: false, failure: invalid(`the CSV does not parse: ${(error as Error).message}`) };
  }
  if (records.length === 0) return { ok: false, failure: blank };
  if (records.length > MAX_INPUTS) return { ok: false, failure: tooLong };
  return { ok: true, items: records };
}

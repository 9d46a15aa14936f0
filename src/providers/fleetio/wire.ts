import { rememberParses } from '../remembered-parses.ts';

/**
 * Fleetio's wire format for `GET /v1/imports` (List Imports page; specs/VENDOR-REFERENCE.md §1) and
 * the checks that turn an untrusted body into it. Every field the adaptor reads is validated: a
 * body that does not fit fails as UPSTREAM_ERROR for Fleetio alone, naming the first field that is
 * wrong.
 */
export interface FleetioImportWire {
  id: number;
  type: string;
  status: string;
  file_name: string | null;
  created_at: string;
  updated_at: string;
  completed_at: string | null;
}

/** The cursor envelope of date versions from 2024-01-01 on. */
export interface FleetioImportPage {
  next_cursor: string | null;
  /** "Including the returned records, up to a maximum of 500." */
  estimated_remaining_count: number | undefined;
  records: FleetioImportWire[];
}

/** Where in a body a check failed, e.g. `records[3].created_at is not a date-time`. */
export class WireShapeError extends Error {}

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * ISO 8601 with seconds and an explicit offset, as Fleetio writes times in the account's zone
 * (`2026-11-02T03:00:00.000-06:00`, Rails' JSON format); any number of fraction digits.
 */
const TIMESTAMP = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d+))?(Z|[+-]\d{2}:\d{2})$/;

/**
 * Milliseconds of a Fleetio timestamp, or undefined when it is not one. Digits past the millisecond
 * are cut, not rounded: a time written with microseconds then falls on the same millisecond as the
 * bound the gateway sends for it, so `gte`/`lt` filters agree with the parsed value. Remembered
 * per text (remembered-parses.ts).
 */
export const parseFleetioTime = rememberParses(readFleetioTime);

function readFleetioTime(text: string): number | undefined {
  const match = TIMESTAMP.exec(text);
  if (!match) return undefined;
  const [, seconds, fraction = '', zone] = match;
  const millis = Date.parse(`${seconds}.${fraction.padEnd(3, '0').slice(0, 3)}${zone}`);
  return Number.isNaN(millis) ? undefined : millis;
}

function timestamp(record: Json, field: string, where: string, nullable: boolean): string | null {
  const value = record[field];
  if (nullable && (value === null || value === undefined)) return null;
  if (typeof value !== 'string' || parseFleetioTime(value) === undefined) {
    throw new WireShapeError(`${where}.${field} is not a date-time`);
  }
  return value;
}

function readImport(value: unknown, where: string): FleetioImportWire {
  if (!isObject(value)) throw new WireShapeError(`${where} is not an object`);
  const { id, type, status, file_name: fileName } = value;
  if (typeof id !== 'number' || !Number.isSafeInteger(id) || id < 0) {
    throw new WireShapeError(`${where}.id is not a whole number`);
  }
  if (typeof type !== 'string') throw new WireShapeError(`${where}.type is not a string`);
  if (typeof status !== 'string' || status === '')
    throw new WireShapeError(`${where}.status is not a string`);
  if (fileName !== null && fileName !== undefined && typeof fileName !== 'string') {
    throw new WireShapeError(`${where}.file_name is not a string`);
  }
  return {
    id,
    type,
    status,
    file_name: fileName ?? null,
    created_at: timestamp(value, 'created_at', where, false)!,
    updated_at: timestamp(value, 'updated_at', where, false)!,
    completed_at: timestamp(value, 'completed_at', where, true),
  };
}

/** Reads a List Imports body; throws WireShapeError on anything it cannot trust. */
export function readImportPage(body: unknown): FleetioImportPage {
  if (!isObject(body)) throw new WireShapeError('the body is not an object');
  const { next_cursor: nextCursor, estimated_remaining_count: remaining, records } = body;
  if (
    nextCursor !== null &&
    nextCursor !== undefined &&
    (typeof nextCursor !== 'string' || nextCursor === '')
  ) {
    throw new WireShapeError('next_cursor is not a string or null');
  }
  if (
    remaining !== undefined &&
    (typeof remaining !== 'number' || !Number.isSafeInteger(remaining) || remaining < 0)
  ) {
    throw new WireShapeError('estimated_remaining_count is not a whole number');
  }
  if (!Array.isArray(records)) throw new WireShapeError('records is not an array');
  return {
    next_cursor: nextCursor ?? null,
    estimated_remaining_count: remaining,
    records: records.map((record, index) => readImport(record, `records[${index}]`)),
  };
}

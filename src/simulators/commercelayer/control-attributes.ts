import { SimInputError } from '../core/vendor.ts';
import {
  COUNT_ATTRIBUTES,
  IMPORT_FORMATS,
  IMPORT_RESOURCE_TYPES,
  IMPORT_STATUSES,
  type CountAttribute,
  type ImportFormat,
  type ImportStatus,
} from './model.ts';

/**
 * Reads the flat attribute object of `POST /__sim/imports` (vendor attribute names, any subset).
 * Each reader returns undefined for an absent attribute and throws SimInputError for a wrong one.
 */
export class FlatAttributes {
  private static readonly KNOWN = new Set([
    'id',
    'resource_type',
    'format',
    'parent_resource_id',
    'status',
    'started_at',
    'completed_at',
    'interrupted_at',
    'inputs',
    'inputs_size',
    'errors_count',
    'warnings_count',
    'destroyed_count',
    'processed_count',
    'errors_log',
    'warnings_log',
    'cleanup_records',
    'skip_errors',
    'attachment_url',
    'created_at',
    'updated_at',
    'reference',
    'reference_origin',
    'metadata',
  ]);

  constructor(private readonly values: Record<string, unknown>) {
    const unknown = Object.keys(values).filter((name) => !FlatAttributes.KNOWN.has(name));
    if (unknown.length > 0) {
      throw new SimInputError(
        `Unknown import attributes: ${unknown.join(', ')}. Use the vendor's attribute names.`,
      );
    }
  }

  has(name: string): boolean {
    return this.values[name] !== undefined;
  }

  raw(name: string): unknown {
    return this.values[name];
  }

  oneOf<T extends string>(name: string, allowed: readonly T[]): T | undefined {
    const value = this.values[name];
    if (value === undefined) return undefined;
    if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
      throw new SimInputError(`${name} must be one of ${allowed.join(', ')}; got ${JSON.stringify(value)}.`);
    }
    return value as T;
  }

  status(): ImportStatus | undefined {
    return this.oneOf('status', IMPORT_STATUSES);
  }

  format(): ImportFormat | undefined {
    return this.oneOf('format', IMPORT_FORMATS);
  }

  resourceType(): string | undefined {
    return this.oneOf('resource_type', IMPORT_RESOURCE_TYPES);
  }

  /** A string or null (the vendor writes absent strings as null). */
  text(name: string): string | null | undefined {
    const value = this.values[name];
    if (value === undefined || value === null || typeof value === 'string') return value;
    throw new SimInputError(`${name} must be a string or null.`);
  }

  /** An ISO-8601 instant, as epoch milliseconds; null stays null. */
  instant(name: string): number | null | undefined {
    const value = this.values[name];
    if (value === undefined || value === null) return value;
    const ms = typeof value === 'string' ? Date.parse(value) : Number.NaN;
    if (Number.isNaN(ms))
      throw new SimInputError(`${name} must be an ISO-8601 date-time; got ${JSON.stringify(value)}.`);
    return ms;
  }

  /** A whole number; null (an unreported count, see `unreportedCounts`) reads as absent here. */
  count(name: string): number | undefined {
    const value = this.values[name];
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
      throw new SimInputError(`${name} must be a whole number, 0 or more.`);
    }
    return value;
  }

  /** The counts given as null: generated like absent ones, then reported as null. */
  unreportedCounts(): CountAttribute[] {
    return COUNT_ATTRIBUTES.filter((name) => this.values[name] === null);
  }

  flag(name: string): boolean | undefined {
    const value = this.values[name];
    if (value === undefined || typeof value === 'boolean') return value;
    throw new SimInputError(`${name} must be true or false.`);
  }

  object<T>(name: string): T | undefined {
    const value = this.values[name];
    if (value === undefined) return undefined;
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      throw new SimInputError(`${name} must be a JSON object.`);
    }
    return value as T;
  }
}

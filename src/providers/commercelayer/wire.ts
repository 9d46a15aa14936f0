import { rememberParses } from '../remembered-parses.ts';
import type { TokenGrant } from '../http/access-tokens.ts';

/**
 * Commerce Layer's JSON:API documents as the gateway reads them (specs/VENDOR-REFERENCE.md §3), with
 * checks: a body that does not have the documented shape is the vendor's fault (UPSTREAM_ERROR),
 * never a crash further in. Only the attributes the gateway maps are read.
 */
export class WireShapeError extends Error {}

/** The attributes the gateway maps, and so asks for with `fields[imports]` (never inputs or logs). */
export const MAPPED_ATTRIBUTES = [
  'status',
  'resource_type',
  'format',
  'created_at',
  'updated_at',
  'started_at',
  'completed_at',
  'interrupted_at',
  'inputs_size',
  'processed_count',
  'errors_count',
  'warnings_count',
  'reference',
  'metadata',
] as const;

export interface CommerceLayerImportAttributes {
  /** `pending`, `in_progress`, `completed`, `interrupted` [S], or one the gateway does not know yet. */
  status: string;
  resource_type: string | null;
  format: string | null;
  created_at: string;
  updated_at: string;
  started_at: string | null;
  completed_at: string | null;
  interrupted_at: string | null;
  /** Every count may be null: the vendor's SDK types them nullable (specs/VENDOR-REFERENCE.md §3). */
  inputs_size: number | null;
  processed_count: number | null;
  errors_count: number | null;
  warnings_count: number | null;
  /** "Any external identifier" of the sender [S]; on each part of a split, `<group>-<n>`. */
  reference?: string | null;
  /**
   * Of the key-value `metadata` [S], only what marks a part of a split (the vendor's sdk-utils
   * `splitInputJob` and the gateway's create-plan.ts): `group_id` and `progress_number` (`n/N`).
   */
  split?: { groupId: unknown; progressNumber: unknown } | null;
}

export interface CommerceLayerImportResource {
  id: string;
  type: 'imports';
  attributes: CommerceLayerImportAttributes;
}

export interface CommerceLayerImportList {
  data: CommerceLayerImportResource[];
  meta: { record_count: number; page_count: number };
}

export type { TokenGrant };

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function object(value: unknown, where: string): Json {
  if (!isObject(value)) throw new WireShapeError(`${where} is not an object`);
  return value;
}

/** ISO-8601 date-time with a zone, as the vendor writes every timestamp. */
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;

/** Milliseconds of a vendor timestamp, NaN when it is not one; remembered per text (remembered-parses.ts). */
export const instantMs = rememberParses((text: string) => (ISO_INSTANT.test(text) ? Date.parse(text) : NaN));

function instant(value: unknown, where: string): string {
  if (typeof value !== 'string' || Number.isNaN(instantMs(value))) {
    throw new WireShapeError(`${where} is not an ISO-8601 date-time`);
  }
  return value;
}

const optional =
  <T>(read: (value: unknown, where: string) => T) =>
  (value: unknown, where: string): T | null =>
    value === null ? null : read(value, where);

function text(value: unknown, where: string): string {
  if (typeof value !== 'string') throw new WireShapeError(`${where} is not a string`);
  return value;
}

function count(value: unknown, where: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
    throw new WireShapeError(`${where} is not a whole number`);
  }
  return value;
}

/**
 * One import resource object. A missing `status`, `resource_type`, `created_at` or `updated_at` is
 * a shape error (the gateway asked for them and the vendor's SDK types them required); every other
 * mapped attribute is optional and nullable there (`started_at?: string | null`), so its absence
 * reads as null. The 2023 OpenAPI's response schema has no `format` at all (only its create schema
 * does, specs/commercelayer/imports.openapi.2023-02.json).
 */
export function parseImportResource(value: unknown, where = 'data'): CommerceLayerImportResource {
  const resource = object(value, where);
  if (typeof resource.id !== 'string' || resource.id === '')
    throw new WireShapeError(`${where}.id is missing`);
  if (resource.type !== 'imports') throw new WireShapeError(`${where}.type is not "imports"`);
  const raw = object(resource.attributes, `${where}.attributes`);
  const at = (name: (typeof MAPPED_ATTRIBUTES)[number]) => {
    if (!(name in raw)) throw new WireShapeError(`${where}.attributes.${name} is missing`);
    return [raw[name], `${where}.attributes.${name}`] as const;
  };
  const atOptional = (name: (typeof MAPPED_ATTRIBUTES)[number]) =>
    [raw[name] ?? null, `${where}.attributes.${name}`] as const;
  return {
    id: resource.id,
    type: 'imports',
    attributes: {
      status: text(...at('status')),
      resource_type: optional(text)(...at('resource_type')),
      format: optional(text)(...atOptional('format')),
      created_at: instant(...at('created_at')),
      updated_at: instant(...at('updated_at')),
      started_at: optional(instant)(...atOptional('started_at')),
      completed_at: optional(instant)(...atOptional('completed_at')),
      interrupted_at: optional(instant)(...atOptional('interrupted_at')),
      inputs_size: optional(count)(...atOptional('inputs_size')),
      processed_count: optional(count)(...atOptional('processed_count')),
      errors_count: optional(count)(...atOptional('errors_count')),
      warnings_count: optional(count)(...atOptional('warnings_count')),
      reference: optional(text)(...atOptional('reference')),
      split: splitMarks(raw.metadata),
    },
  };
}

/**
 * The split marks of `metadata`. Metadata is the sender's free-form object: anything that is not
 * an object, or has neither mark, reads as no split rather than failing the whole answer.
 */
function splitMarks(metadata: unknown): CommerceLayerImportAttributes['split'] {
  if (!isObject(metadata) || (!('group_id' in metadata) && !('progress_number' in metadata))) return null;
  return { groupId: metadata.group_id, progressNumber: metadata.progress_number };
}

/** `GET /api/imports`: `{ data: [...], meta: { record_count, page_count } }` [D]. */
export function parseImportList(value: unknown): CommerceLayerImportList {
  const document = object(value, 'the list document');
  if (!Array.isArray(document.data)) throw new WireShapeError('data is not an array');
  const meta = object(document.meta, 'meta');
  return {
    data: document.data.map((item, index) => parseImportResource(item, `data[${index}]`)),
    meta: {
      record_count: count(meta.record_count, 'meta.record_count'),
      page_count: count(meta.page_count, 'meta.page_count'),
    },
  };
}

/** `{ data: resource }` of a retrieve, create or update. */
export function parseImportDocument(value: unknown): CommerceLayerImportResource {
  return parseImportResource(object(value, 'the document').data);
}

/** `POST /oauth/token`: `{ access_token, token_type: "bearer", expires_in, scope, created_at }` [D]. */
export function parseTokenGrant(value: unknown): TokenGrant {
  const grant = object(value, 'the token answer');
  if (typeof grant.access_token !== 'string' || grant.access_token === '') {
    throw new WireShapeError('access_token is missing');
  }
  if (typeof grant.expires_in !== 'number' || !(grant.expires_in > 0)) {
    throw new WireShapeError('expires_in is not a positive number');
  }
  return { accessToken: grant.access_token, expiresInSeconds: grant.expires_in };
}

/** `errors[0]` of a JSON:API error document, loosely: only `code` and `title`, when they are strings. */
export function firstVendorError(value: unknown): { code?: string; title?: string } {
  if (!isObject(value) || !Array.isArray(value.errors) || !isObject(value.errors[0])) return {};
  const { code, title } = value.errors[0];
  return {
    code: typeof code === 'string' ? code : undefined,
    title: typeof title === 'string' ? title : undefined,
  };
}

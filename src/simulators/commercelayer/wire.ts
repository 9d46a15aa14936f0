import { IMPORT_ATTRIBUTES, IMPORT_RELATIONSHIPS, type ImportRecord } from './model.ts';

/** What a response may narrow or add when it writes an import. */
export interface WireOptions {
  /** Origin of the links, e.g. `http://127.0.0.1:4010`. */
  origin: string;
  mode: 'live' | 'test';
  organizationId: string;
  /** Sparse fieldset (`fields[imports]`): attribute and relationship names to keep. */
  fields?: ReadonlySet<string>;
  /** The create response echoes the inputs it was given; nothing else returns them. */
  inputs?: unknown;
}

function iso(ms: number | null): string | null {
  return ms === null ? null : new Date(ms).toISOString();
}

/**
 * An attribute's wire value, as filters and sorts see it too; `inputs` is transient (resource
 * schema) and read back as null, an unreported count is null.
 */
export function wireAttribute(record: ImportRecord, name: string, inputs: unknown = null): unknown {
  switch (name) {
    case 'inputs':
      return inputs;
    case 'started_at':
    case 'completed_at':
    case 'interrupted_at':
    case 'created_at':
    case 'updated_at':
      return iso(record[name]);
    case 'inputs_size':
    case 'errors_count':
    case 'warnings_count':
    case 'destroyed_count':
    case 'processed_count':
      return record.unreported?.has(name) ? null : record[name];
    default:
      return record[name as keyof ImportRecord];
  }
}

/**
 * The JSON:API resource object, shaped like the docs' examples: `id`, `type: "imports"`,
 * `links.self`, every fetchable attribute (nulls included, as the docs show them), the
 * relationship links and `meta.mode`. `organization_id` in `meta` follows newer vendor payloads.
 */
export function resourceObject(record: ImportRecord, options: WireOptions): Record<string, unknown> {
  const self = `${options.origin}/api/imports/${record.id}`;
  const keep = (name: string) => options.fields === undefined || options.fields.has(name);
  const attributes: Record<string, unknown> = {};
  for (const { name } of IMPORT_ATTRIBUTES) {
    if (keep(name)) attributes[name] = wireAttribute(record, name, options.inputs ?? null);
  }
  const relationships: Record<string, unknown> = {};
  for (const name of IMPORT_RELATIONSHIPS) {
    if (!keep(name)) continue;
    relationships[name] = { links: { self: `${self}/relationships/${name}`, related: `${self}/${name}` } };
  }
  return {
    id: record.id,
    type: 'imports',
    links: { self },
    attributes,
    relationships,
    meta: { mode: options.mode, organization_id: options.organizationId },
  };
}

/** `http://host` of the request, so `links` lead back to this simulator whatever port it has. */
export function requestOrigin(headers: Record<string, string | string[] | undefined>): string {
  const host = headers.host;
  return `http://${typeof host === 'string' && host !== '' ? host : '127.0.0.1'}`;
}

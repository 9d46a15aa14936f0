import type { CommerceLayerClient, QueryParams } from './client.ts';
import { TAG_METADATA_KEY } from './import-limits.ts';
import type { PlannedImport } from './create-plan.ts';
import { unexpectedDocument } from './errors.ts';
import {
  MAPPED_ATTRIBUTES,
  parseImportResource,
  WireShapeError,
  type CommerceLayerImportResource,
} from './wire.ts';

/** Pages of 25 read at most when looking for a tagged import: the newest 100 candidates. */
const MAX_PAGES = 4;
const PAGE_SIZE = 25;

/** The tag the gateway writes into `metadata` of each import it creates. */
export interface CreationTag {
  tag: string;
  part: number;
}

export function tagOf(metadata: unknown): CreationTag | undefined {
  if (typeof metadata !== 'object' || metadata === null) return undefined;
  const value = (metadata as Record<string, unknown>)[TAG_METADATA_KEY];
  if (typeof value !== 'object' || value === null) return undefined;
  const { tag, part } = value as Record<string, unknown>;
  return typeof tag === 'string' && typeof part === 'number' ? { tag, part } : undefined;
}

/**
 * Finds the import of `planned` created under `tag`, after its creation answer was lost (timeout,
 * reset). No vendor deduplicates creations, so this is what stands between a retry and a second
 * import. The query narrows with documented Ransack `_eq` filters on plain attributes the gateway
 * itself sent (`reference_origin`, `resource_type`, `reference`, and `inputs_size` for JSON, where
 * the count is exact), newest first; the tag in `metadata` is then compared here, exactly, since
 * how the vendor filters inside a JSON attribute is not documented [I].
 */
export async function findTagged(
  client: CommerceLayerClient,
  planned: PlannedImport,
  tag: string,
  signal?: AbortSignal,
): Promise<CommerceLayerImportResource | undefined> {
  const { attributes } = planned;
  const filters: [string, string][] = [
    ['filter[q][reference_origin_eq]', String(attributes.reference_origin)],
    ['filter[q][resource_type_eq]', String(attributes.resource_type)],
  ];
  if (typeof attributes.reference === 'string')
    filters.push(['filter[q][reference_eq]', attributes.reference]);
  if (attributes.format === 'json') filters.push(['filter[q][inputs_size_eq]', String(planned.size)]);
  const operation = { what: 'the search for an import whose creation answer was lost' };
  for (let page = 1; page <= MAX_PAGES; page++) {
    const params: QueryParams = [
      ...filters,
      ['sort', '-created_at,-id'],
      ['page[number]', String(page)],
      ['page[size]', String(PAGE_SIZE)],
      ['fields[imports]', [...MAPPED_ATTRIBUTES, 'metadata'].join(',')],
    ];
    const body = await client.getJson('/imports', params, operation, signal);
    const document = body as { data?: unknown; meta?: { page_count?: unknown } } | undefined;
    if (!Array.isArray(document?.data)) {
      throw unexpectedDocument(operation, new WireShapeError('data is not an array'));
    }
    for (const [index, raw] of document.data.entries()) {
      const found = tagOf((raw as { attributes?: { metadata?: unknown } }).attributes?.metadata);
      if (found?.tag !== tag || found.part !== planned.part) continue;
      try {
        return parseImportResource(raw, `data[${index}]`);
      } catch (error) {
        throw unexpectedDocument(operation, error);
      }
    }
    const pageCount = document.meta?.page_count;
    if (typeof pageCount !== 'number' || page >= pageCount) return undefined;
  }
  return undefined;
}

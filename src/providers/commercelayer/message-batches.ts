import DataLoader from 'dataloader';
import type { CommerceLayerClient } from './client.ts';
import { unexpectedDocument } from './errors.ts';
import { WireShapeError } from './wire.ts';
import { MAX_PAGE_SIZE } from './vendor-pages.ts';

/** What `messages` reads of one import: its two logs, as the vendor wrote them. */
export interface ImportLogs {
  errorsLog: unknown;
  warningsLog: unknown;
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * The logs of many imports in few requests. A page of imports that asks each one's `messages`
 * would cost one `GET /imports/{id}` per import (an N+1); the imports list takes an id list
 * (`filter[q][id_in]`, 25 a page) and a sparse fieldset, so the calls made in one tick are
 * gathered into one request per 25 ids. Batches are per GraphQL operation (keyed by its abort
 * signal, which each caller passes anyway), so one operation's cancellation never fails
 * another's batch, and nothing is kept once a batch is answered (no cache: a live subscription
 * must see new logs).
 */
export class MessageBatches {
  private readonly bySignal = new WeakMap<AbortSignal, DataLoader<string, ImportLogs | undefined>>();
  private unsignalled: DataLoader<string, ImportLogs | undefined> | undefined;

  constructor(private readonly client: CommerceLayerClient) {}

  /** The logs of import `id`; undefined when the list does not return it (the caller reads it alone). */
  logs(id: string, signal?: AbortSignal): Promise<ImportLogs | undefined> {
    // A comma would split the id list; no Commerce Layer id has one (ids are letters [D]).
    if (id.includes(',') || id.trim() === '') return Promise.resolve(undefined);
    return this.loaderFor(signal).load(id);
  }

  private loaderFor(signal: AbortSignal | undefined): DataLoader<string, ImportLogs | undefined> {
    if (!signal) return (this.unsignalled ??= this.loader(undefined));
    let loader = this.bySignal.get(signal);
    if (!loader) this.bySignal.set(signal, (loader = this.loader(signal)));
    return loader;
  }

  private loader(signal: AbortSignal | undefined) {
    return new DataLoader<string, ImportLogs | undefined>((ids) => this.read(ids, signal), {
      cache: false,
      maxBatchSize: MAX_PAGE_SIZE,
    });
  }

  private async read(ids: readonly string[], signal: AbortSignal | undefined) {
    const what = `the error and warning logs of ${ids.length} imports`;
    const body = await this.client.getJson(
      '/imports',
      [
        ['filter[q][id_in]', ids.join(',')],
        ['fields[imports]', 'errors_log,warnings_log'],
        ['page[size]', String(MAX_PAGE_SIZE)],
      ],
      { what },
      signal,
    );
    const data = isObject(body) ? body.data : undefined;
    if (!Array.isArray(data)) throw unexpectedDocument({ what }, new WireShapeError('data is not a list'));
    const found = new Map<string, ImportLogs>();
    for (const resource of data) {
      if (!isObject(resource) || typeof resource.id !== 'string' || !isObject(resource.attributes)) {
        throw unexpectedDocument({ what }, new WireShapeError('data[] is not an import resource'));
      }
      found.set(resource.id, {
        errorsLog: resource.attributes.errors_log,
        warningsLog: resource.attributes.warnings_log,
      });
    }
    return ids.map((id) => found.get(id));
  }
}

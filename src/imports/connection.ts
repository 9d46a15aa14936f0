import { ProviderFailure, StoreOutageError } from './failures.ts';
import { providerLabel } from './provider-labels.ts';
import type {
  ImportConditions,
  ImportCount,
  ImportReference,
  ImportSource,
  ListResult,
} from './import-source.ts';
import { countByIds, listByIds } from './id-lookup.ts';
import type { PageCache, ProviderRest } from './page-cache.ts';
import { decodeImportCursor, encodeImportCursor, InvalidCursorError } from './cursor.ts';
import type { Import, ImportProvider } from './model.ts';
import {
  sourceStatuses,
  totalCountPrecision,
  type SourceStatus,
  type TotalCountPrecision,
} from './source-status.ts';
import {
  compareImports,
  comparePositions,
  DEFAULT_IMPORT_ORDER,
  positionOf,
  type ImportOrder,
  type OrderPosition,
} from './order.ts';

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

export interface ImportConnectionArgs {
  first?: number | null;
  after?: string | null;
  last?: number | null;
  before?: string | null;
  providers?: readonly ImportProvider[] | null;
  /** Every provider the gateway knows, in order, enabled or not (default: those of the sources). */
  known?: readonly ImportProvider[];
  conditions: ImportConditions;
  /**
   * Only these imports (`filter.ids`), by provider: a provider absent from the map has none of
   * them and is not asked. Each provider looks them up (id-lookup.ts) instead of walking its list.
   */
  ids?: ReadonlyMap<ImportProvider, readonly ImportReference[]>;
  orderBy?: ImportOrder | null;
}

/** The page cache and whose pages these are (imports/page-cache.ts); without it every page asks the vendors. */
export interface ConnectionCache {
  pages: PageCache;
  /** Who asks (the principal's id): one caller's walk never serves another's. */
  scope: string;
}

export interface ImportEdge {
  cursor: string;
  node: Import;
}

export interface ImportConnectionResult {
  edges: ImportEdge[];
  pageInfo: {
    hasNextPage: boolean;
    hasPreviousPage: boolean;
    startCursor: string | null;
    endCursor: string | null;
  };
  /** Providers that failed while listing; their items are missing from this page. */
  failures: ProviderFailure[];
  /** How each provider the page covers took part in it (source-status.ts). */
  sources: SourceStatus[];
  /**
   * Counted only when asked for: the sum over providers, reusing what listing already learned;
   * a lower bound when a provider failed, while listing or counting.
   */
  total(): Promise<{ count: ImportCount; precision: TotalCountPrecision; failures: ProviderFailure[] }>;
}

/** An argument a person got wrong; the resolver answers it as BAD_USER_INPUT. */
export class InvalidConnectionArgument extends Error {}

interface Paging {
  forward: boolean;
  size: number;
  position: OrderPosition | undefined;
  order: ImportOrder;
}

function pagingOf(args: ImportConnectionArgs): Paging {
  const { first, last, after, before } = args;
  if (first != null && last != null) {
    throw new InvalidConnectionArgument(
      'Give either `first` (with `after`) or `last` (with `before`), not both.',
    );
  }
  if (after != null && before != null) {
    throw new InvalidConnectionArgument('Give either `after` or `before`, not both.');
  }
  const forward = last == null;
  if (forward && before != null)
    throw new InvalidConnectionArgument('`before` pages backward: use it with `last`.');
  if (!forward && after != null)
    throw new InvalidConnectionArgument('`after` pages forward: use it with `first`.');
  const size = (forward ? first : last) ?? DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(size) || size < 1 || size > MAX_PAGE_SIZE) {
    throw new InvalidConnectionArgument(
      `\`${forward ? 'first' : 'last'}\` must be between 1 and ${MAX_PAGE_SIZE}, got ${size}.`,
    );
  }
  const order = args.orderBy ?? DEFAULT_IMPORT_ORDER;
  const cursor = forward ? after : before;
  let position: OrderPosition | undefined;
  if (cursor != null) {
    try {
      position = decodeImportCursor(cursor, order.field);
    } catch (error) {
      if (error instanceof InvalidCursorError) {
        throw new InvalidConnectionArgument(`\`${forward ? 'after' : 'before'}\`: ${error.message}`);
      }
      throw error;
    }
  }
  return { forward, size, position, order };
}

function reversed(order: ImportOrder): ImportOrder {
  return { field: order.field, direction: order.direction === 'ASC' ? 'DESC' : 'ASC' };
}

function asProviderFailure(source: ImportSource, reason: unknown): ProviderFailure {
  if (reason instanceof ProviderFailure) return reason;
  if (reason instanceof StoreOutageError) {
    return new ProviderFailure(
      source.provider,
      'unavailable',
      `${providerLabel(source.provider)} imports cannot be read now: ${reason.message}`,
    );
  }
  return new ProviderFailure(
    source.provider,
    'error',
    `${source.provider} failed: ${(reason as Error).message}`,
  );
}

/**
 * One Relay page merged across providers. Each provider returns up to size + 1 items after the
 * cursor position in the walk order (vendors are asked concurrently); the merge keeps the first
 * size + 1, and the extra one only tells whether another page exists. Backward pages walk the
 * reversed order and are turned round at the end, so both directions share one code path.
 */
export async function loadImportConnection(
  sources: readonly ImportSource[],
  args: ImportConnectionArgs,
  signal?: AbortSignal,
  cache?: ConnectionCache,
): Promise<ImportConnectionResult> {
  const paging = pagingOf(args);
  const selected = sources.filter(
    (source) =>
      (!args.providers || args.providers.includes(source.provider)) &&
      (!args.ids || args.ids.has(source.provider)),
  );
  const walkOrder = paging.forward ? paging.order : reversed(paging.order);
  const keyAt = (position: OrderPosition) =>
    JSON.stringify([
      paging.forward,
      paging.order,
      selected.map((source) => source.provider),
      args.conditions,
      args.ids && [...args.ids],
      position,
    ]);
  const rests = cache && paging.position && cache.pages.get(cache.scope, keyAt(paging.position));
  const need = paging.size + 1;
  /** One provider's items after the position: from the previous page's rest, then from the vendor. */
  const listOf = async (source: ImportSource): Promise<ListResult> => {
    const rest = rests ? rests.get(source.provider) : undefined;
    if (rest && (rest.complete || rest.items.length >= need))
      return { items: rest.items, complete: rest.complete, more: !rest.complete };
    const last = rest?.items[rest.items.length - 1];
    const after = last ? positionOf(last, paging.order.field) : paging.position;
    const request = {
      order: walkOrder,
      after,
      limit: need - (rest?.items.length ?? 0),
      conditions: args.conditions,
      prefetch: cache !== undefined,
    };
    const ids = args.ids?.get(source.provider);
    const fetched = ids ? await listByIds(source, ids, request, signal) : await source.list(request, signal);
    return rest ? { ...fetched, items: [...rest.items, ...fetched.items], count: undefined } : fetched;
  };
  const settled = await Promise.allSettled(selected.map(listOf));

  const failures: ProviderFailure[] = [];
  const knownCounts = new Map<ImportSource, ImportCount>();
  let merged: Import[] = [];
  let moreAfterItems = false;
  /** The earliest position in the walk where a provider stopped checking (ListResult.checkedUntil). */
  let checkedUntil: OrderPosition | undefined;
  const incomplete = new Set<ImportProvider>();
  settled.forEach((outcome, index) => {
    const source = selected[index]!;
    if (outcome.status === 'rejected') {
      failures.push(asProviderFailure(source, outcome.reason));
      return;
    }
    merged.push(...outcome.value.items);
    moreAfterItems ||= outcome.value.more === true;
    // A lookup by ids counts the same whatever the cursor.
    if (outcome.value.count && (paging.position === undefined || args.ids))
      knownCounts.set(source, outcome.value.count);
    const until = outcome.value.checkedUntil;
    if (until) {
      incomplete.add(source.provider);
      if (!checkedUntil || comparePositions(until, checkedUntil, walkOrder.direction) < 0)
        checkedUntil = until;
    }
  });
  merged.sort((a, b) => compareImports(a, b, walkOrder));
  if (checkedUntil) {
    // Past where a provider stopped checking, its matches are unknown: showing another provider's
    // imports there would let the next page's cursor skip them.
    const until = checkedUntil;
    merged = merged.filter(
      (item) => comparePositions(positionOf(item, paging.order.field), until, walkOrder.direction) <= 0,
    );
    moreAfterItems = true;
  }
  // A provider that said `more` returned at least `size` items, so either they overflow the page
  // with the others' items or they fill it alone and its next item is beyond it.
  const hasMore = merged.length > paging.size || moreAfterItems;
  const page = merged.slice(0, paging.size);
  if (cache && hasMore && page.length > 0 && !checkedUntil) {
    // What each provider returned past this page's end starts the next page (`after` its end cursor).
    const end = positionOf(page[page.length - 1]!, paging.order.field);
    const next = new Map<ImportProvider, ProviderRest>();
    settled.forEach((outcome, index) => {
      if (outcome.status === 'rejected') return;
      next.set(selected[index]!.provider, {
        items: outcome.value.items.filter(
          (item) => comparePositions(positionOf(item, paging.order.field), end, walkOrder.direction) > 0,
        ),
        complete: outcome.value.complete === true,
      });
    });
    cache.pages.put(cache.scope, keyAt(end), next);
  }
  if (!paging.forward) page.reverse();

  const edges = page.map((node) => ({
    cursor: encodeImportCursor(positionOf(node, paging.order.field), paging.order.field),
    node,
  }));
  const failedProviders = new Set(failures.map((failure) => failure.provider));
  // A page a stopped check left empty still moves on: its cursors are where the check stopped.
  const stoppedAt =
    edges.length === 0 && checkedUntil ? encodeImportCursor(checkedUntil, paging.order.field) : null;
  return {
    edges,
    pageInfo: {
      hasNextPage: paging.forward ? hasMore : paging.position !== undefined,
      hasPreviousPage: paging.forward ? paging.position !== undefined : hasMore,
      startCursor: edges[0]?.cursor ?? stoppedAt,
      endCursor: edges[edges.length - 1]?.cursor ?? stoppedAt,
    },
    failures,
    sources: sourceStatuses({
      known: args.known ?? sources.map((source) => source.provider),
      enabled: new Set(sources.map((source) => source.provider)),
      requested: args.providers,
      failures,
      incomplete,
    }),
    async total() {
      const healthy = selected.filter((source) => !failedProviders.has(source.provider));
      const counted = await Promise.allSettled(
        healthy.map(async (source) => {
          const known = knownCounts.get(source);
          if (known) return known;
          const ids = args.ids?.get(source.provider);
          return ids
            ? countByIds(source, ids, args.conditions, signal)
            : source.count(args.conditions, signal);
        }),
      );
      const countFailures: ProviderFailure[] = [];
      const count: ImportCount = { count: 0, estimate: false };
      counted.forEach((outcome, index) => {
        if (outcome.status === 'fulfilled') {
          count.count += outcome.value.count;
          count.estimate ||= outcome.value.estimate;
          if (outcome.value.lowerBound) count.lowerBound = true;
        } else countFailures.push(asProviderFailure(healthy[index]!, outcome.reason));
      });
      const precision = totalCountPrecision(count, failures.length + countFailures.length > 0);
      return { count, precision, failures: countFailures };
    },
  };
}

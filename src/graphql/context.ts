import DataLoader from 'dataloader';
import type { GraphQLError } from 'graphql';
import { decodeImportId, type ImportGlobalRef } from '../imports/global-id.ts';
import type { Import, ImportProvider } from '../imports/model.ts';
import type { PageCache } from '../imports/page-cache.ts';
import type { ProviderSet } from '../imports/provider-info.ts';
import { OPEN_PRINCIPAL, type Principal } from '../server/auth/authenticate.ts';
import type { DeliveryBudget } from '../live/event-queue.ts';
import type { LiveImports } from '../live/live-imports.ts';

/** Built once per GraphQL operation: loaders never outlive a request, so nothing is memoized forever. */
export interface GatewayContext {
  providers: ProviderSet;
  /** Who is calling, with the scopes the operation is checked against (server/auth). */
  principal: Principal;
  /** Batches import lookups per provider within one operation. */
  importLoader: DataLoader<string, Import | null>;
  /** Errors that accompany data (one provider failed while others answered); appended to the response. */
  partialErrors: GraphQLError[];
  /** Aborted when the operation's deadline passes or the client goes away. */
  signal: AbortSignal;
  /** Live imports: subscriptions use them (over WebSocket and SSE), mutations tell them what they did. */
  live?: LiveImports;
  /** The backlog the client's connection allows its subscriptions (set with `live`). */
  delivery?: DeliveryBudget;
  /** What the previous page of a walk fetched past its end (PAGE_CACHE_TTL_MS; absent: off). */
  pageCache?: PageCache;
}

export function createGatewayContext(
  providers: ProviderSet,
  signal: AbortSignal,
  principal: Principal = OPEN_PRINCIPAL,
  live?: LiveImports,
  pageCache?: PageCache,
): GatewayContext {
  return {
    providers,
    principal,
    importLoader: createImportLoader(providers, signal),
    partialErrors: [],
    signal,
    live,
    pageCache,
  };
}

/**
 * Keys are global ids (already validated by the resolver). One vendor call per provider per tick:
 * each adaptor decides how to batch (Commerce Layer by id list, Fleetio by creation-time ranges).
 */
function createImportLoader(providers: ProviderSet, signal: AbortSignal): DataLoader<string, Import | null> {
  return new DataLoader<string, Import | null>(
    async (ids) => {
      const refs = ids.map((id) => decodeImportId(id));
      const byProvider = new Map<ImportProvider, ImportGlobalRef[]>();
      for (const ref of refs) byProvider.set(ref.provider, [...(byProvider.get(ref.provider) ?? []), ref]);
      const found = new Map<ImportProvider, Map<string, Import> | Error>();
      await Promise.all(
        [...byProvider].map(async ([provider, providerRefs]) => {
          const source = providers.get(provider);
          if (!source) return;
          try {
            found.set(provider, await source.get(providerRefs, signal));
          } catch (error) {
            found.set(provider, error as Error);
          }
        }),
      );
      return refs.map((ref) => {
        const result = found.get(ref.provider);
        if (result instanceof Error) return result;
        return result?.get(ref.providerId) ?? null;
      });
    },
    { maxBatchSize: 500 },
  );
}

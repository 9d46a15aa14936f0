import DataLoader from 'dataloader';
import { decodeImportId, type ImportGlobalRef } from '../imports/global-id.ts';
import type { Import, ImportProvider } from '../imports/model.ts';
import type { ProviderSet } from '../imports/provider-info.ts';

/**
 * Keys are global ids (already validated by the resolver). One vendor call per provider per tick:
 * each adaptor decides how to batch (Commerce Layer by id list, Fleetio by creation-time ranges).
 */
export function createImportLoader(
  providers: ProviderSet,
  signal: AbortSignal,
): DataLoader<string, Import | null> {
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

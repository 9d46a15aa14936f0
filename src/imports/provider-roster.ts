import { GENERATED_PROVIDERS } from './providers.generated.ts';

/** The providers of VENDORS (src/providers/vendors.ts), as the GraphQL enum `ImportProvider` names them. */
export type ImportProvider = (typeof GENERATED_PROVIDERS)[number]['provider'];

/** A vendor as the domain knows it: its id, and its name as people read it in messages. */
export interface ProviderEntry {
  readonly provider: ImportProvider;
  readonly label: string;
}

/**
 * A global id and a cursor carry a provider's rank in one digit (global-id.ts, cursor.ts), so a
 * process knows ten providers at most.
 */
const MAX_PROVIDERS = 10;

/** The providers of VENDORS, in their order, as `npm run codegen` last wrote them. */
export const VENDOR_PROVIDERS: readonly ImportProvider[] = GENERATED_PROVIDERS.map((entry) => entry.provider);

const entries = new Map<ImportProvider, ProviderEntry>(
  GENERATED_PROVIDERS.map((entry) => [entry.provider, entry]),
);
const ranked: ImportProvider[] = [...entries.keys()];

/**
 * Every provider this process knows, in the order of VENDORS: the tie-break of the total order
 * (README) and the rank global ids and cursors carry. The domain cannot import the vendor list,
 * so `npm run codegen` writes it down here (providers.generated.ts); a gateway given more vendors
 * enrolls them, after these, so a rank once issued never changes.
 */
export const IMPORT_PROVIDERS: readonly ImportProvider[] = ranked;

/** Adds the providers not known yet, after the others; a known one must keep its label. */
export function enrollProviders(list: readonly ProviderEntry[]): void {
  for (const entry of list) {
    const known = entries.get(entry.provider);
    if (known) {
      if (known.label !== entry.label)
        throw new Error(
          `Provider ${entry.provider} is already known as "${known.label}", not "${entry.label}".`,
        );
      continue;
    }
    if (ranked.length === MAX_PROVIDERS)
      throw new Error(`At most ${MAX_PROVIDERS} providers: ${entry.provider} is one too many.`);
    entries.set(entry.provider, entry);
    ranked.push(entry.provider);
  }
}

/** Position of a provider in the total order of the README (FLEETIO, SAILPOINT, COMMERCE_LAYER). */
export function providerRank(provider: ImportProvider): number {
  return ranked.indexOf(provider);
}

export function isImportProvider(value: unknown): value is ImportProvider {
  return typeof value === 'string' && entries.has(value as ImportProvider);
}

/** Each provider's name as people read it, in every message the gateway writes about it. */
export function providerLabel(provider: ImportProvider): string {
  return entries.get(provider)?.label ?? provider;
}

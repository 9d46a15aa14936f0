import type { ProviderFailure } from './failures.ts';
import type { ImportCount } from './import-source.ts';
import type { ImportProvider } from './model.ts';

/**
 * How one provider took part in a page of the merged list (README, Partial results). INCOMPLETE:
 * it answered, but checked a condition its vendor cannot apply over a few vendor pages only
 * (MAX_SCAN_PAGES, import-source.ts), so imports further on were not looked at.
 */
export type SourceState = 'OK' | 'FAILED' | 'DISABLED' | 'INCOMPLETE';

export interface SourceStatus {
  provider: ImportProvider;
  state: SourceState;
  /** Why its items are missing; set exactly when `state` is FAILED. */
  failure?: ProviderFailure;
}

/**
 * One status per provider a list covers: every provider the gateway knows (`known`), or only those
 * the caller's `providers` filter names, since a provider left out on purpose is no news to the
 * caller. A known provider without a source (no credentials) is DISABLED rather than absent, so a
 * screen can tell "not set up" from "nothing there".
 */
export function sourceStatuses(options: {
  known: readonly ImportProvider[];
  enabled: ReadonlySet<ImportProvider>;
  requested?: readonly ImportProvider[] | null;
  failures: readonly ProviderFailure[];
  /** Providers whose check stopped after a few vendor pages (ListResult.checkedUntil). */
  incomplete?: ReadonlySet<ImportProvider>;
}): SourceStatus[] {
  const { known, enabled, requested, failures, incomplete } = options;
  return known
    .filter((provider) => !requested || requested.includes(provider))
    .map((provider) => {
      if (!enabled.has(provider)) return { provider, state: 'DISABLED' };
      const failure = failures.find((one) => one.provider === provider);
      if (failure) return { provider, state: 'FAILED', failure };
      return { provider, state: incomplete?.has(provider) ? 'INCOMPLETE' : 'OK' };
    });
}

/** How exact a total is: a lower bound when a provider's part is missing or was cut at a cap. */
export type TotalCountPrecision = 'EXACT' | 'APPROXIMATE' | 'AT_LEAST';

export function totalCountPrecision(count: ImportCount, someProviderFailed: boolean): TotalCountPrecision {
  if (someProviderFailed || count.lowerBound === true) return 'AT_LEAST';
  return count.estimate ? 'APPROXIMATE' : 'EXACT';
}

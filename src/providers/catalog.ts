import type { GatewayConfig } from '../config.ts';
import type { Logger } from '../log.ts';
import type { ImportStore } from '../imports/import-store.ts';
import type { ImportSource } from '../imports/import-source.ts';
import type { SharedRateBudget } from '../imports/shared-rate-budget.ts';
import { foreignFieldsOf } from './create-fields.ts';
import type { ResilienceListener } from './http/resilience/events.ts';
import { upstreamFromConfig } from './http/resilience/from-config.ts';
import { vendorSettings } from './vendor-settings.ts';
import type { VendorModule } from './vendor-module.ts';
import { VENDORS } from './vendors.ts';

export interface SourceDependencies {
  config: GatewayConfig;
  store: ImportStore;
  log: Logger;
  /** Every retry, breaker change and vendor answer, for metrics. */
  onUpstreamEvent?: ResilienceListener;
  /** Vendor budgets counted with the other instances (the Redis backend's); default: counted in process. */
  sharedBudget?: SharedRateBudget;
  /** Default VENDORS (vendors.ts). */
  vendors?: readonly VendorModule[];
}

/** A source for each vendor the configuration enables, in the order of `vendors`. */
export function createSources(dependencies: SourceDependencies): ImportSource[] {
  const { config, store, log, onUpstreamEvent, sharedBudget } = dependencies;
  const vendors: readonly VendorModule[] = dependencies.vendors ?? VENDORS;
  return vendors.flatMap((vendor) => {
    const settings = vendorSettings(config, vendor);
    if (settings === undefined) return [];
    return vendor.createSource({
      settings,
      store,
      log,
      upstream: upstreamFromConfig(config, log, { onEvent: onUpstreamEvent, sharedBudget }),
      foreignFields: foreignFieldsOf(vendor, vendors),
    });
  });
}

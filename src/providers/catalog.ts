import type { GatewayConfig } from '../config.ts';
import type { ImportProvider } from '../imports/model.ts';
import type { Logger } from '../log.ts';
import type { ImportStore } from '../store/import-store.ts';
import { createCommerceLayerSource } from './commercelayer/source.ts';
import { createFleetioSource } from './fleetio/source.ts';
import type { ImportSource } from './import-source.ts';
import { createSailpointSource } from './sailpoint/source.ts';
import { resilienceFromConfig } from './resilience/from-config.ts';

export interface SourceDependencies {
  config: GatewayConfig;
  store: ImportStore;
  log: Logger;
}

/**
 * Every vendor the gateway speaks, one line each: a factory that answers undefined when the
 * vendor is not configured. A fourth vendor is a new folder and a line here.
 */
const SOURCE_FACTORIES: Record<
  ImportProvider,
  (dependencies: SourceDependencies) => ImportSource | undefined
> = {
  FLEETIO: ({ config, log }) =>
    config.fleetio &&
    createFleetioSource(config.fleetio, {
      log,
      resilience: resilienceFromConfig(config, log),
      requestsPerMinute: config.resilience.fleetioRateLimitPerMinute,
    }),
  SAILPOINT: ({ config, store, log }) =>
    config.sailpoint &&
    createSailpointSource(config.sailpoint, {
      store,
      log,
      upstream: { resilience: resilienceFromConfig(config, log) },
    }),
  COMMERCE_LAYER: ({ config, store, log }) =>
    config.commerceLayer &&
    createCommerceLayerSource(config.commerceLayer, {
      log,
      store,
      upstream: { resilience: resilienceFromConfig(config, log) },
    }),
};

export function createSources(dependencies: SourceDependencies): ImportSource[] {
  return Object.values(SOURCE_FACTORIES).flatMap((create) => create(dependencies) ?? []);
}

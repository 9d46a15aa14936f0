import type { GatewayConfig } from '../config.ts';
import type { ImportProvider } from '../imports/model.ts';
import type { Logger } from '../log.ts';
import type { ImportStore } from '../imports/import-store.ts';
import { createCommerceLayerSource } from './commercelayer/source.ts';
import { createFleetioSource } from './fleetio/source.ts';
import type { ImportSource } from '../imports/import-source.ts';
import { createSailpointSource } from './sailpoint/source.ts';
import type { ResilienceListener } from './http/resilience/events.ts';
import { upstreamFromConfig } from './http/resilience/from-config.ts';

export interface SourceDependencies {
  config: GatewayConfig;
  store: ImportStore;
  log: Logger;
  /** Every retry, breaker change and vendor answer, for metrics. */
  onUpstreamEvent?: ResilienceListener;
}

/**
 * Every vendor the gateway speaks, one line each: a factory that answers undefined when the
 * vendor is not configured. A fourth vendor is a new folder and a line here.
 */
const SOURCE_FACTORIES: Record<
  ImportProvider,
  (dependencies: SourceDependencies) => ImportSource | undefined
> = {
  FLEETIO: ({ config, log, onUpstreamEvent }) =>
    config.fleetio &&
    createFleetioSource(config.fleetio, {
      log,
      ...upstreamFromConfig(config, log, onUpstreamEvent),
      requestsPerMinute: config.resilience.fleetioRateLimitPerMinute,
    }),
  SAILPOINT: ({ config, store, log, onUpstreamEvent }) =>
    config.sailpoint &&
    createSailpointSource(config.sailpoint, {
      store,
      log,
      upstream: upstreamFromConfig(config, log, onUpstreamEvent),
    }),
  COMMERCE_LAYER: ({ config, store, log, onUpstreamEvent }) =>
    config.commerceLayer &&
    createCommerceLayerSource(config.commerceLayer, {
      log,
      store,
      upstream: upstreamFromConfig(config, log, onUpstreamEvent),
    }),
};

export function createSources(dependencies: SourceDependencies): ImportSource[] {
  return Object.values(SOURCE_FACTORIES).flatMap((create) => create(dependencies) ?? []);
}

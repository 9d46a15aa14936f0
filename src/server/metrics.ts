import type { ApolloServerPlugin } from '@apollo/server';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/**
 * Prometheus metrics served at /metrics. One registry per gateway instance (tests run several in
 * one process); parts of the gateway receive this object and record what they do.
 */
export class GatewayMetrics {
  readonly registry = new Registry();

  readonly operations = new Counter({
    name: 'gateway_graphql_operations_total',
    help: 'GraphQL operations by operation name, type and outcome (ok, partial, error).',
    labelNames: ['operation', 'type', 'outcome'] as const,
    registers: [this.registry],
  });

  readonly upstreamDuration = new Histogram({
    name: 'gateway_upstream_request_duration_seconds',
    help: 'Vendor requests by provider, method and HTTP status (0 when no answer came).',
    labelNames: ['provider', 'method', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });

  readonly upstreamRetries = new Counter({
    name: 'gateway_upstream_retries_total',
    help: 'Vendor requests sent again after a retryable failure.',
    labelNames: ['provider'] as const,
    registers: [this.registry],
  });

  readonly breakerOpen = new Gauge({
    name: 'gateway_upstream_circuit_open',
    help: '1 while the circuit breaker of a provider is open (or half-open), else 0.',
    labelNames: ['provider'] as const,
    registers: [this.registry],
  });

  readonly activeSubscriptions = new Gauge({
    name: 'gateway_active_subscriptions',
    help: 'GraphQL subscriptions currently open on this instance.',
    registers: [this.registry],
  });

  readonly watcherPolls = new Counter({
    name: 'gateway_watcher_polls_total',
    help: 'Vendor polls made by the live watcher, by provider.',
    labelNames: ['provider'] as const,
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry });
  }

  /** Counts every operation once, when its response is sent. */
  apolloPlugin<Context extends object>(): ApolloServerPlugin<Context> {
    return {
      requestDidStart: () =>
        Promise.resolve({
          willSendResponse: ({ operationName, operation, response }) => {
            const errors = response.body.kind === 'single' ? response.body.singleResult.errors : undefined;
            const data = response.body.kind === 'single' ? response.body.singleResult.data : undefined;
            const outcome = !errors?.length ? 'ok' : data ? 'partial' : 'error';
            this.operations.inc({
              operation: operationName ?? 'anonymous',
              type: operation?.operation ?? 'unknown',
              outcome,
            });
            return Promise.resolve();
          },
        }),
    };
  }
}

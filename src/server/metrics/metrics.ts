import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { ImportProvider } from '../../imports/model.ts';
import type { ResilienceEvent } from '../../providers/http/resilience/events.ts';

/**
 * Operation names are chosen by clients, and each label value is a series Prometheus keeps: the
 * first 100 distinct names (cut to 64 characters) are kept as they are, every later one counts as
 * `other`. The bound is per GatewayMetrics instance, which is per process in production (main.ts
 * starts one gateway), so one process exports at most 100 names whatever its clients send.
 */
export const MAX_OPERATION_NAMES = 100;
export const MAX_OPERATION_NAME_LENGTH = 64;
export const OTHER_OPERATIONS = 'other';

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

  readonly upstreamRefused = new Counter({
    name: 'gateway_upstream_refused_total',
    help: 'Vendor requests answered by the gateway without calling the vendor (open circuit, no rate-limit slot in time).',
    labelNames: ['provider', 'reason'] as const,
    registers: [this.registry],
  });

  readonly breakerOpen = new Gauge({
    name: 'gateway_upstream_circuit_open',
    help: '1 while the circuit breaker of a provider is open (or half-open), else 0.',
    labelNames: ['provider'] as const,
    registers: [this.registry],
  });

  private countSubscriptions: () => number = () => 0;
  private readonly operationNames = new Set<string>();

  readonly activeSubscriptions: Gauge = new Gauge({
    name: 'gateway_active_subscriptions',
    help: 'GraphQL subscriptions currently open on this instance (WebSocket and SSE).',
    registers: [this.registry],
    collect: (): void => this.activeSubscriptions.set(this.countSubscriptions()),
  });

  readonly watcherPolls = new Counter({
    name: 'gateway_watcher_polls_total',
    help: 'Vendor polls made by the live layer, by provider and poll (watch: watched imports; changes: importsChanged).',
    labelNames: ['provider', 'poll'] as const,
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry });
  }

  /** What the resilience layer reports, as vendor latency, statuses, retries and breaker state. */
  readonly observeUpstream = (event: ResilienceEvent): void => {
    switch (event.kind) {
      case 'attempt':
        this.upstreamDuration.observe(
          { provider: event.provider, method: event.method, status: String(event.status ?? 0) },
          event.ms / 1000,
        );
        return;
      case 'retry':
        this.upstreamRetries.inc({ provider: event.provider });
        return;
      case 'breaker':
        this.breakerOpen.set({ provider: event.provider }, event.state === 'closed' ? 0 : 1);
        return;
      case 'refused':
        this.upstreamRefused.inc({ provider: event.provider, reason: event.reason });
        return;
      default:
        return;
    }
  };

  readonly observePoll = (provider: ImportProvider, poll: 'watch' | 'changes'): void => {
    this.watcherPolls.inc({ provider, poll });
  };

  /** Open subscriptions are counted where they are capped (SubscriptionLimits); read at each scrape. */
  countSubscriptionsWith(count: () => number): void {
    this.countSubscriptions = count;
  }

  /** The `operation` label of a name (GraphQL names are ASCII, so cutting splits no character). */
  private operationLabel(name: string): string {
    const cut = name.slice(0, MAX_OPERATION_NAME_LENGTH);
    if (this.operationNames.has(cut)) return cut;
    if (this.operationNames.size >= MAX_OPERATION_NAMES) return OTHER_OPERATIONS;
    this.operationNames.add(cut);
    return cut;
  }

  /** Counts one operation (server/operation/outcome.ts decides when and with which outcome). */
  countOperation(operation: {
    operationName: string | undefined;
    type: string | undefined;
    outcome: 'ok' | 'partial' | 'error';
  }): void {
    this.operations.inc({
      operation: this.operationLabel(operation.operationName ?? 'anonymous'),
      type: operation.type ?? 'unknown',
      outcome: operation.outcome,
    });
  }
}

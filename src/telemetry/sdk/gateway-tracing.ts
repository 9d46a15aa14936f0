import {
  context,
  createContextKey,
  defaultTextMapGetter,
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  trace,
  type Context,
  type Link,
  type Span,
  type Tracer,
} from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import type { OperationEnd, OperationStart, Tracing, VendorCall, VendorStep } from '../tracing.ts';
import { routeTemplate } from '../route-template.ts';
import { ATTR } from './attributes.ts';

/** The operation span of the running context, which its outcome names. */
const OPERATION = createContextKey('import-gateway operation span');
/** The vendor request of the running context, which the resilience layer's steps annotate. */
const VENDOR = createContextKey('import-gateway vendor request');
/** Its route template, which the undici instrumentation puts in place of the URL (start-tracing.ts). */
export const ROUTE = createContextKey('import-gateway vendor route');

interface VendorRecord {
  span: Span;
  attempts: number;
  retryDelayMs: number;
  rateLimitWaitMs: number;
}

interface LiveRecord {
  span: Span;
  deliveries: number;
}

/**
 * The gateway's spans on an OpenTelemetry tracer (docs/OPERATIONS.md, Traces). Contexts travel
 * by the SDK's AsyncLocalStorage context manager, so a vendor request made anywhere under an
 * operation is its child without being handed anything.
 */
export class GatewayTracing implements Tracing {
  private readonly clientContext = new W3CTraceContextPropagator();
  /** Each live event's record, by the result its execution resolved to. */
  private readonly liveEvents = new WeakMap<object, LiveRecord>();

  constructor(
    private readonly tracer: Tracer,
    private readonly trustClientTrace: boolean,
    /** Sends what is buffered and stops (start-tracing.ts: the provider and the globals it set). */
    readonly shutdown: (withinMs: number) => Promise<void> = () => Promise.resolve(),
  ) {}

  operation<T>(start: OperationStart, work: () => Promise<T>): Promise<T> {
    const { parent, links } = this.clientParent(start);
    const span = this.tracer.startSpan(
      'graphql operation',
      {
        kind: SpanKind.SERVER,
        root: parent === ROOT_CONTEXT,
        links,
        attributes: { [ATTR.transport]: start.transport },
      },
      parent,
    );
    return this.run(trace.setSpan(parent, span).setValue(OPERATION, span), span, work);
  }

  endOperation(end: OperationEnd): void {
    const span = context.active().getValue(OPERATION) as Span | undefined;
    if (!span) return;
    const name = end.operationName ?? undefined;
    // GraphQL's convention: `{type} {name}`, the type alone for an anonymous operation.
    span.updateName([end.type ?? 'graphql', name].filter(Boolean).join(' '));
    if (name !== undefined) span.setAttribute(ATTR.operationName, name);
    if (end.type !== undefined) span.setAttribute(ATTR.operationType, end.type);
    span.setAttribute(ATTR.outcome, end.outcome);
    if (end.outcome === 'error') span.setStatus({ code: SpanStatusCode.ERROR });
  }

  vendorRequest<T extends { status: number }>(call: VendorCall, work: () => Promise<T>): Promise<T> {
    // Only under an operation or a live event: the watcher's and the change polls' rounds would
    // make a trace of their own every few seconds (their cost is in the metrics: README, Operations).
    if (!trace.getSpan(context.active())) return work();
    const route = routeTemplate(call.url, call.routes);
    const span = this.tracer.startSpan(`${call.provider} ${call.method} ${route}`, {
      attributes: { [ATTR.provider]: call.provider, [ATTR.method]: call.method, [ATTR.route]: route },
    });
    const record: VendorRecord = { span, attempts: 0, retryDelayMs: 0, rateLimitWaitMs: 0 };
    const active = trace.setSpan(context.active(), span).setValue(VENDOR, record).setValue(ROUTE, route);
    return context.with(active, work).then(
      (response) => {
        span.setAttribute(ATTR.status, response.status);
        if (response.status >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
        this.endVendor(record);
        return response;
      },
      (error: unknown) => {
        this.fail(span, error);
        this.endVendor(record);
        throw error;
      },
    );
  }

  vendorStep(step: VendorStep): void {
    const record = context.active().getValue(VENDOR) as VendorRecord | undefined;
    if (!record) return;
    switch (step.kind) {
      case 'attempt':
        record.attempts += 1;
        return;
      case 'retry':
        record.retryDelayMs += step.delayMs ?? 0;
        record.span.addEvent('retry', {
          attempt: step.attempt ?? record.attempts,
          delay_ms: step.delayMs ?? 0,
          reason: step.reason ?? '',
        });
        return;
      case 'queued':
        record.rateLimitWaitMs += step.waitMs ?? 0;
        return;
      case 'shared':
        record.span.setAttribute(ATTR.shared, true);
        return;
      case 'refused':
        record.span.setAttribute(ATTR.refused, step.reason ?? 'refused');
        return;
    }
  }

  storeBatch<T>(work: () => Promise<T>): Promise<T> {
    // Only inside a traced operation or event: the polls' and leases' own rounds make no traces.
    if (!trace.getSpan(context.active())) return work();
    const span = this.tracer.startSpan('redis', {
      kind: SpanKind.CLIENT,
      attributes: { [ATTR.dbSystem]: 'redis' },
    });
    // A Redis client's error may name a host, a key or a script: the span, often sent to a third
    // party, gets its type only (StoreUnavailableError keeps the message for the logs).
    return this.run(trace.setSpan(context.active(), span), span, work, { quiet: true });
  }

  liveEvent<T>(operationName: string | undefined, work: () => Promise<T>): Promise<T> {
    // A new trace per event: it may come hours after the subscription started, and the one
    // execution serves every subscriber alike. The subscription's span, if any, is linked.
    const started = trace.getSpan(context.active())?.spanContext();
    const span = this.tracer.startSpan(
      ['subscription event', operationName].filter(Boolean).join(' '),
      {
        root: true,
        links: started ? [{ context: started }] : [],
        attributes: {
          [ATTR.operationType]: 'subscription',
          ...(operationName ? { [ATTR.operationName]: operationName } : {}),
        },
      },
      ROOT_CONTEXT,
    );
    const record: LiveRecord = { span, deliveries: 0 };
    const result = context.with(trace.setSpan(ROOT_CONTEXT, span), work);
    const end = () =>
      // Subscribers waiting for the event take it in the same turn as the first one: counted
      // once that turn is over (a subscriber behind on its backlog takes it later, uncounted).
      setImmediate(() => {
        span.setAttribute(ATTR.deliveries, record.deliveries);
        span.end();
      });
    // Registered before any subscriber's handler, so the result is known when the first is sent.
    result.then(
      (value) => {
        if (typeof value === 'object' && value !== null) {
          this.liveEvents.set(value, record);
          this.noteOutcome(span, value);
        }
        end();
      },
      (error: unknown) => {
        this.fail(span, error);
        end();
      },
    );
    return result;
  }

  delivered(result: object, deliveries: number): void {
    const record = this.liveEvents.get(result);
    if (record) record.deliveries += deliveries;
  }

  /** An event's outcome as the operation span's (`gateway_graphql_operations_total`'s rule). */
  private noteOutcome(span: Span, result: { errors?: unknown; data?: unknown }): void {
    const errors = Array.isArray(result.errors) ? result.errors.length : 0;
    const outcome = errors === 0 ? 'ok' : result.data ? 'partial' : 'error';
    span.setAttribute(ATTR.outcome, outcome);
    if (outcome === 'error') span.setStatus({ code: SpanStatusCode.ERROR });
  }

  /** The parent of an operation's span and its links, by OTEL_TRUST_CLIENT_TRACE. */
  private clientParent(start: OperationStart): { parent: Context; links: Link[] } {
    if (!start.headers || start.headers.traceparent === undefined) return { parent: ROOT_CONTEXT, links: [] };
    const client = this.clientContext.extract(ROOT_CONTEXT, start.headers, defaultTextMapGetter);
    const spanContext = trace.getSpanContext(client);
    if (!spanContext) return { parent: ROOT_CONTEXT, links: [] };
    if (this.trustClientTrace) return { parent: client, links: [] };
    return {
      parent: ROOT_CONTEXT,
      links: [{ context: spanContext, attributes: { 'gateway.link': 'client' } }],
    };
  }

  private run<T>(active: Context, span: Span, work: () => Promise<T>, { quiet = false } = {}): Promise<T> {
    return context.with(active, work).then(
      (value) => {
        span.end();
        return value;
      },
      (error: unknown) => {
        if (quiet) this.failQuietly(span, error);
        else this.fail(span, error);
        span.end();
        throw error;
      },
    );
  }

  private endVendor(record: VendorRecord): void {
    const { span } = record;
    span.setAttribute(ATTR.attempts, record.attempts);
    if (record.retryDelayMs > 0) span.setAttribute(ATTR.retryDelayMs, record.retryDelayMs);
    if (record.rateLimitWaitMs > 0) span.setAttribute(ATTR.rateLimitWaitMs, record.rateLimitWaitMs);
    span.end();
  }

  /** The error's class and message, as the gateway's own errors word them (no vendor body). */
  private fail(span: Span, error: unknown): void {
    const name = error instanceof Error ? error.name : 'Error';
    span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.message : name });
    span.setAttribute('error.type', name);
  }

  /** The error's type alone (its code, e.g. `ECONNREFUSED`, else its class): no message. */
  private failQuietly(span: Span, error: unknown): void {
    const code = (error as { code?: unknown } | null)?.code;
    span.setStatus({ code: SpanStatusCode.ERROR });
    span.setAttribute(
      'error.type',
      typeof code === 'string' ? code : error instanceof Error ? error.name : 'Error',
    );
  }
}

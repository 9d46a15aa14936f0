import {
  context,
  diag,
  DiagLogLevel,
  isSpanContextValid,
  propagation,
  trace,
  TraceFlags,
} from '@opentelemetry/api';
import { loggingErrorHandler, setGlobalErrorHandler, W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter as JsonTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { OTLPTraceExporter as ProtobufTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { registerInstrumentations } from '@opentelemetry/instrumentation';
import { UndiciInstrumentation } from '@opentelemetry/instrumentation-undici';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  AlwaysOffSampler,
  AlwaysOnSampler,
  BatchSpanProcessor,
  ParentBasedSampler,
  TraceIdRatioBasedSampler,
  type Sampler,
} from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import type { Logger } from '../../log.ts';
import { readTraceIdsWith } from '../../trace-ids.ts';
import type { SamplerSetting, TracingSettings } from '../../tracing-settings.ts';
import { useTracing } from '../spans.ts';
import type { Tracing } from '../tracing.ts';
import { UNKNOWN_ROUTE } from '../route-template.ts';
import { ATTR } from './attributes.ts';
import { GatewayTracing, ROUTE } from './gateway-tracing.ts';
import { WatchedExporter } from './watched-exporter.ts';

/**
 * OpenTelemetry's SDK for the gateway, loaded only when an OTLP endpoint is set (src/gateway.ts
 * imports this file on demand, into a chunk of its own in the bundle). The settings come from
 * config.ts and are handed to every part explicitly.
 *
 * Instrumentations: undici's publishes on `diagnostics_channel`, which works in the esbuild
 * bundle as well as from source, so each attempt on the wire is a span of its own. ioredis's and
 * http's patch modules as `require` loads them, which a bundle never does; the store's batches and
 * the operations are spanned here instead (docs/OPERATIONS.md, Traces).
 *
 * One traced gateway per process: the SDK registers OpenTelemetry's global tracer, context
 * manager and (with OTEL_PROPAGATE_TO_VENDORS=1) propagator, and gives them back at shutdown.
 */
export function startTracing(settings: TracingSettings, log: Logger): Tracing {
  diag.setLogger(
    {
      error: (message) => log.warn({ otel: message }, 'OpenTelemetry: an error while tracing'),
      warn: (message) => log.debug({ otel: message }, 'OpenTelemetry'),
      info: () => undefined,
      debug: () => undefined,
      verbose: () => undefined,
    },
    DiagLogLevel.WARN,
  );
  // The span processor reports each failed batch here; the exporter says it once (watched-exporter.ts).
  setGlobalErrorHandler((error) =>
    log.debug(
      { otel: typeof error === 'string' ? error : (error.message ?? error.name) },
      'OpenTelemetry: a batch not exported',
    ),
  );
  const exporterOptions = {
    url: settings.url,
    headers: settings.headers,
    timeoutMillis: settings.exportTimeoutMs,
  };
  const exporter = new WatchedExporter(
    settings.protocol === 'http/json'
      ? new JsonTraceExporter(exporterOptions)
      : new ProtobufTraceExporter(exporterOptions),
    log,
  );
  const provider = new NodeTracerProvider({
    resource: resourceFromAttributes({
      ...settings.resourceAttributes,
      'service.name': settings.serviceName,
    }),
    sampler: samplerOf(settings.sampler),
    spanProcessors: [new BatchSpanProcessor(exporter, { scheduledDelayMillis: settings.batchDelayMs })],
  });
  // Without OTEL_PROPAGATE_TO_VENDORS no global propagator is set, so undici's instrumentation
  // injects nothing; the client's traceparent is read with a propagator of its own (gateway-tracing.ts).
  provider.register({ propagator: settings.propagateToVendors ? new W3CTraceContextPropagator() : null });
  const undici = new UndiciInstrumentation({
    // Only requests made under a span: a vendor request, never the gateway's own background fetches.
    requireParentforSpans: true,
    // The URL as the route template: no id, no query value (route-template.ts).
    startSpanHook: (request) => {
      const route = (context.active().getValue(ROUTE) as string | undefined) ?? UNKNOWN_ROUTE;
      return {
        // A URL no template matches (Fleetio's storage redirects) is its origin alone.
        'url.full': route === UNKNOWN_ROUTE ? request.origin : `${request.origin}${route}`,
        'url.path': route,
        'url.query': request.path.includes('?') ? 'REDACTED' : '',
        [ATTR.route]: route,
      };
    },
  });
  const unregister = registerInstrumentations({ instrumentations: [undici], tracerProvider: provider });
  readTraceIdsWith(() => {
    const spanContext = trace.getSpan(context.active())?.spanContext();
    // Only a sampled trace's ids: an unsampled one is never exported, so a log line's traceId
    // would lead nowhere.
    return spanContext && isSpanContextValid(spanContext) && spanContext.traceFlags & TraceFlags.SAMPLED
      ? { traceId: spanContext.traceId, spanId: spanContext.spanId }
      : undefined;
  });
  let stopped: Promise<void> | undefined;
  const shutdown = (withinMs: number) => {
    stopped ??= (async () => {
      useTracing(undefined);
      readTraceIdsWith(undefined);
      unregister();
      // Whatever is still buffered goes out now, for as long as the grace period has left.
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<'late'>((resolve) => {
        timer = setTimeout(() => resolve('late'), Math.max(0, withinMs));
      });
      // The provider's shutdown resolves when nothing was left to flush even if the batch sent
      // just before (or still in flight) was lost: whether it went out is the exporter's to say.
      const sent = provider
        .shutdown()
        .then((): 'sent' | 'failed' => (exporter.lastBatchSent ? 'sent' : 'failed'));
      const flushed = await Promise.race([sent, late]).catch(() => 'failed' as const);
      clearTimeout(timer);
      if (flushed !== 'sent') log.warn({ withinMs }, `spans not all exported at shutdown (${flushed})`);
      trace.disable();
      context.disable();
      propagation.disable();
      diag.disable();
      setGlobalErrorHandler(loggingErrorHandler());
    })();
    return stopped;
  };
  const tracing: Tracing = new GatewayTracing(
    provider.getTracer('import-gateway'),
    settings.trustClientTrace,
    shutdown,
  );
  useTracing(tracing);
  log.info(
    { endpoint: withoutQuery(settings.url), protocol: settings.protocol, sampler: settings.sampler.kind },
    'tracing: exporting spans over OTLP/HTTP',
  );
  return tracing;
}

function samplerOf(setting: SamplerSetting): Sampler {
  const ratio = new TraceIdRatioBasedSampler(setting.ratio);
  switch (setting.kind) {
    case 'always_on':
      return new AlwaysOnSampler();
    case 'always_off':
      return new AlwaysOffSampler();
    case 'traceidratio':
      return ratio;
    case 'parentbased_always_on':
      return new ParentBasedSampler({ root: new AlwaysOnSampler() });
    case 'parentbased_always_off':
      return new ParentBasedSampler({ root: new AlwaysOffSampler() });
    case 'parentbased_traceidratio':
      return new ParentBasedSampler({ root: ratio });
  }
}

/** A collector URL as logged: some take a key in the query string. */
function withoutQuery(url: string): string {
  const parsed = new URL(url);
  return `${parsed.origin}${parsed.pathname}`;
}

import { context, propagation, SpanStatusCode, trace } from '@opentelemetry/api';
import { InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { afterAll, describe, expect, it } from 'vitest';
import { GatewayTracing } from '../../../src/telemetry/sdk/gateway-tracing.ts';

/**
 * The gateway's spans as the SDK records them, read from its in-memory exporter: what a span
 * keeps of an error (docs/OPERATIONS.md, Traces). The export itself is traces.test.ts's.
 */
const exporter = new InMemorySpanExporter();
const provider = new NodeTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
provider.register({ propagator: null });
afterAll(async () => {
  await provider.shutdown();
  trace.disable();
  context.disable();
  propagation.disable();
});
const tracing = new GatewayTracing(provider.getTracer('test'), false);

/** As ioredis words a connection failure: the host, and here a key, in the message. */
function redisFailure(): Error {
  const error = new Error('connect ECONNREFUSED 10.1.2.3:6379 (tenant:acme:imports)');
  return Object.assign(error, { code: 'ECONNREFUSED' });
}

describe('a store batch that fails', () => {
  it("keeps the error's type only: no host, key or message in the span", async () => {
    await tracing.operation({ transport: 'http' }, async () => {
      await expect(tracing.storeBatch(() => Promise.reject(redisFailure()))).rejects.toThrow(/ECONNREFUSED/);
    });
    const batch = exporter.getFinishedSpans().find((span) => span.name === 'redis')!;
    expect(batch.status).toEqual({ code: SpanStatusCode.ERROR });
    expect(batch.attributes['error.type']).toBe('ECONNREFUSED');
    const recorded = JSON.stringify({ ...batch.attributes, events: batch.events, status: batch.status });
    expect(recorded).not.toContain('10.1.2.3');
    expect(recorded).not.toContain('tenant:acme');
  });
});

describe("a live event's span", () => {
  it('carries the outcome of its execution, as an operation span does', async () => {
    const results = [
      { data: { importUpdated: { id: '1' } } },
      { data: { importUpdated: { id: '1', messages: null } }, errors: [{ message: 'vendor down' }] },
      { data: null, errors: [{ message: 'gone' }] },
    ];
    for (const [index, result] of results.entries())
      await tracing.liveEvent(`Event${index}`, () => Promise.resolve(result));
    // Each span ends once the turn its subscribers took the result in is over.
    await new Promise((resolve) => setImmediate(resolve));
    const outcomes = results.map((_, index) => {
      const span = exporter
        .getFinishedSpans()
        .find((found) => found.name === `subscription event Event${index}`);
      return [span?.attributes['gateway.operation.outcome'], span?.status.code];
    });
    expect(outcomes).toEqual([
      ['ok', SpanStatusCode.UNSET],
      ['partial', SpanStatusCode.UNSET],
      ['error', SpanStatusCode.ERROR],
    ]);
  });
});

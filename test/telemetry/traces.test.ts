import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/log.ts';
import { useGateway, type GatewayUnderTest } from '../support/gateway.ts';
import {
  addCommerceLayerImport,
  advanceClock,
  subscribeSse,
  subscribeWs,
  wsClient,
} from '../support/live-clients.ts';
import { childrenOf, startOtlpReceiver, type ReceivedSpan } from '../support/otlp-receiver.ts';
import { startRecordingProxy } from '../support/recording-proxy.ts';
import { deleteKeys, testKeyPrefix, testRedisUrl } from '../support/redis.ts';
import { waitFor } from '../support/wait.ts';

/**
 * Traces exported to a real OTLP/HTTP receiver on loopback (docs/OPERATIONS.md, Traces), from a
 * gateway serving the simulators. One traced gateway per process (the SDK registers
 * OpenTelemetry's globals), so each describe starts its own after the one before has stopped.
 */
const receiver = await startOtlpReceiver();
/** In front of one vendor (each describe says which), to see what the gateway sent it: `traceparent`, `X-Request-Id`. */
let proxiedVendorUrl = '';
const proxy = await startRecordingProxy(() => proxiedVendorUrl);
afterAll(async () => {
  await proxy.close();
  await receiver.close();
});

/** Spans go out in batches every 20 ms; the receiver's waits do the rest. */
const tracingEnv = (protocol: 'http/json' | 'http/protobuf', more: Record<string, string> = {}) => ({
  OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
  OTEL_EXPORTER_OTLP_PROTOCOL: protocol,
  OTEL_BSP_SCHEDULE_DELAY: '20',
  OTEL_SERVICE_NAME: 'gateway-under-test',
  ...more,
});

const named = (name: string) => (spans: ReceivedSpan[]) => spans.find((span) => span.name === name);

/** The operation span named `name`, once it and every span of its trace `complete` asks for arrived. */
async function operationSpan(name: string, complete: (spans: ReceivedSpan[]) => boolean = () => true) {
  await receiver.until((spans) => named(name)(spans) !== undefined && complete(spans));
  return named(name)(receiver.spans)!;
}

/** A traceparent of the client's own: a trace and span id the gateway never made. */
function clientTraceparent(sampled = true) {
  const traceId = randomBytes(16).toString('hex');
  const spanId = randomBytes(8).toString('hex');
  return { traceId, spanId, header: `00-${traceId}-${spanId}-${sampled ? '01' : '00'}` };
}

async function postWithHeaders(gateway: GatewayUnderTest, query: string, headers: Record<string, string>) {
  const response = await fetch(`${gateway.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query }),
  });
  return (await response.json()) as { data?: unknown; errors?: unknown[] };
}

/** Lines the gateway logged, parsed; written by the gateway's own logger (createLogger), mixin included. */
function collectingLogger() {
  const lines: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n').filter(Boolean))
        lines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  return { log: createLogger('debug', sink), lines };
}

describe('traces over OTLP/JSON, client context untrusted, vendors told nothing', () => {
  const logs = collectingLogger();
  const gateway = useGateway({
    providers: ['fleetio', 'commercelayer'],
    imports: 5,
    log: logs.log,
    env: { ...tracingEnv('http/json'), UPSTREAM_RETRIES: '1', FLEETIO_BASE_URL: `${proxy.url}/api` },
  });

  it('exports a list that asks two vendors as one operation span over a span per vendor request', async () => {
    proxiedVendorUrl = gateway.simulators.fleetio.url;
    const answer = await gateway.graphql(
      'query TwoVendors { imports(first: 5) { edges { node { provider } } } }',
    );
    expect(answer.errors).toBeUndefined();
    const vendorSpans = (spans: ReceivedSpan[]) => {
      const operation = named('query TwoVendors')(spans);
      return operation ? childrenOf(spans, operation) : [];
    };
    const listed = (spans: ReceivedSpan[]) =>
      ['FLEETIO GET /v1/imports', 'COMMERCE_LAYER GET /api/imports'].every((name) =>
        vendorSpans(spans).some((span) => span.name === name && childrenOf(spans, span).length > 0),
      );
    const operation = await operationSpan('query TwoVendors', listed);
    expect(operation.parentSpanId).toBe('');
    expect(operation.serviceName).toBe('gateway-under-test');
    expect(operation.attributes).toMatchObject({
      'graphql.operation.name': 'TwoVendors',
      'graphql.operation.type': 'query',
      'gateway.operation.outcome': 'ok',
      'gateway.transport': 'http',
    });
    for (const [provider, route] of [
      ['FLEETIO', '/v1/imports'],
      ['COMMERCE_LAYER', '/api/imports'],
    ] as const) {
      const vendor = vendorSpans(receiver.spans).find((span) => span.name === `${provider} GET ${route}`)!;
      expect(vendor.attributes).toMatchObject({
        'gateway.provider': provider,
        'http.request.method': 'GET',
        'url.template': route,
        'http.response.status_code': 200,
        'gateway.upstream.attempts': 1,
      });
      // Each attempt on the wire is undici's span, its URL the template: no id, no query value.
      const [wire] = childrenOf(receiver.spans, vendor);
      expect(wire).toMatchObject({ name: 'GET', kind: 3 });
      expect(wire!.attributes['http.response.status_code']).toBe(200);
      expect(String(wire!.attributes['url.full'])).toMatch(
        new RegExp(`^http://127\\.0\\.0\\.1:\\d+${route}$`),
      );
      expect(wire!.attributes['url.query']).toBe('REDACTED');
    }
    // Without OTEL_PROPAGATE_TO_VENDORS no vendor request carries the trace.
    expect(proxy.seen.length).toBeGreaterThan(0);
    expect(proxy.seen.every((request) => request.headers.traceparent === undefined)).toBe(true);
    for (const request of proxy.seen) expect(request.headers.traceparent).toBeUndefined();
  });

  it('exports a retried vendor call as one vendor span over one span per attempt', async () => {
    proxiedVendorUrl = gateway.simulators.fleetio.url;
    await gateway.control('fleetio', 'PUT', '/__sim/faults', { errorRate: 1, errorStatus: 503 });
    try {
      const answer = await gateway.graphql(
        'query Retried { imports(first: 3, filter: { providers: [FLEETIO] }) { edges { node { id } } } }',
      );
      expect(answer.errors?.[0]?.extensions?.code).toBe('UPSTREAM_UNAVAILABLE');
    } finally {
      await gateway.control('fleetio', 'DELETE', '/__sim/faults');
    }
    const retried = (spans: ReceivedSpan[]) => {
      const operation = named('query Retried')(spans);
      const vendor =
        operation && childrenOf(spans, operation).find((span) => span.name.startsWith('FLEETIO'));
      return vendor !== undefined && childrenOf(spans, vendor).length === 2;
    };
    const operation = await operationSpan('query Retried', retried);
    expect(operation.attributes['gateway.operation.outcome']).toBe('partial');
    const vendor = childrenOf(receiver.spans, operation).find(
      (span) => span.name === 'FLEETIO GET /v1/imports',
    )!;
    expect(vendor.attributes).toMatchObject({
      'gateway.upstream.attempts': 2,
      'http.response.status_code': 503,
    });
    expect(vendor.statusCode).toBe(2);
    const retries = vendor.events.filter((event) => event.name === 'retry');
    expect(retries).toHaveLength(1);
    expect(retries[0]!.attributes).toMatchObject({ attempt: 1, reason: '503' });
    expect(Number(retries[0]!.attributes.delay_ms)).toBeGreaterThanOrEqual(0);
    const attempts = childrenOf(receiver.spans, vendor);
    expect(attempts.map((attempt) => attempt.attributes['http.response.status_code'])).toEqual([503, 503]);
  });

  it("starts a new trace for a client's traceparent and keeps the client's context as a link", async () => {
    const client = clientTraceparent();
    await postWithHeaders(gateway, 'query Linked { providers { provider } }', { traceparent: client.header });
    const operation = await operationSpan('query Linked');
    expect(operation.traceId).not.toBe(client.traceId);
    expect(operation.parentSpanId).toBe('');
    expect(operation.links).toEqual([{ traceId: client.traceId, spanId: client.spanId }]);
  });

  it('writes the trace and span ids beside the requestId in the logs', async () => {
    proxiedVendorUrl = gateway.simulators.fleetio.url;
    await gateway.graphql(
      'query Logged { imports(first: 2, filter: { providers: [FLEETIO] }) { edges { node { id } } } }',
    );
    const operation = await operationSpan('query Logged', (spans) => {
      const found = named('query Logged')(spans);
      return found !== undefined && childrenOf(spans, found).length > 0;
    });
    const vendor = childrenOf(receiver.spans, operation).find(
      (span) => span.name === 'FLEETIO GET /v1/imports',
    )!;
    // The Fleetio client's debug line about its request.
    const line = logs.lines.find(
      (entry) => entry.msg === 'fleetio request' && entry.traceId === operation.traceId,
    );
    // Written once the answer came, so in the operation's span rather than the request's.
    expect(line).toMatchObject({ traceId: operation.traceId, spanId: operation.spanId });
    expect(vendor.traceId).toBe(operation.traceId);
    expect(typeof line!.requestId).toBe('string');
  });
});

describe('traces over OTLP/protobuf, client context trusted, vendors told', () => {
  const logs = collectingLogger();
  const gateway = useGateway({
    providers: ['fleetio'],
    imports: 3,
    log: logs.log,
    env: {
      ...tracingEnv('http/protobuf', { OTEL_TRUST_CLIENT_TRACE: '1', OTEL_PROPAGATE_TO_VENDORS: '1' }),
      FLEETIO_BASE_URL: `${proxy.url}/api`,
    },
  });

  it("continues a client's trace and sends it on to the vendors", async () => {
    proxiedVendorUrl = gateway.simulators.fleetio.url;
    const client = clientTraceparent();
    await postWithHeaders(gateway, 'query Continued { imports(first: 2) { edges { node { id } } } }', {
      traceparent: client.header,
    });
    const operation = await operationSpan('query Continued', (spans) =>
      spans.some((span) => span.name === 'GET' && span.traceId === client.traceId),
    );
    expect(receiver.contentTypes.at(-1)).toBe('application/x-protobuf');
    expect(operation.traceId).toBe(client.traceId);
    expect(operation.parentSpanId).toBe(client.spanId);
    expect(operation.kind).toBe(2);
    const vendor = childrenOf(receiver.spans, operation).find(
      (span) => span.name === 'FLEETIO GET /v1/imports',
    )!;
    const [wire] = childrenOf(receiver.spans, vendor);
    // The vendor got the trace, as the child of the attempt's own span.
    const sent = proxy.seen.find((request) => request.headers.traceparent?.includes(client.traceId));
    expect(sent?.headers.traceparent).toBe(`00-${client.traceId}-${wire!.spanId}-01`);
  });

  it("obeys a trusted client's decision not to sample, and its logs name no trace", async () => {
    proxiedVendorUrl = gateway.simulators.fleetio.url;
    const client = clientTraceparent(false);
    await postWithHeaders(gateway, 'query NotSampled { imports(first: 1) { edges { node { id } } } }', {
      traceparent: client.header,
      'x-request-id': 'not-sampled-1',
    });
    await postWithHeaders(gateway, 'query AfterIt { providers { provider } }', {});
    await operationSpan('query AfterIt');
    expect(receiver.spans.some((span) => span.traceId === client.traceId)).toBe(false);
    // A trace nobody can find is not named in the logs.
    const line = logs.lines.find(
      (entry) => entry.msg === 'fleetio request' && entry.requestId === 'not-sampled-1',
    );
    expect(line).toBeDefined();
    expect(line!.traceId).toBeUndefined();
    expect(line!.spanId).toBeUndefined();
  });
});

describe("a subscription event's shared execution", () => {
  const gateway = useGateway({
    providers: ['commercelayer'],
    imports: 2,
    env: tracingEnv('http/json'),
    gateway: { live: { activePollMs: 200, idlePollMs: 200 } },
  });

  it('is one span per event, whatever the number of subscribers, with the deliveries as an attribute', async () => {
    const clients = [wsClient(gateway.url), wsClient(gateway.url)];
    try {
      const { id } = await addCommerceLayerImport(gateway);
      // `messages` makes the event's execution ask Commerce Layer: a vendor span under the event's.
      const document = `subscription Watched($id: ID!) {
        importUpdated(id: $id) { id status messages(first: 1) { totalCount } }
      }`;
      const subscriptions = clients.map((client) => subscribeWs(client, document, { id }));
      await Promise.all(
        subscriptions.map((subscription) => subscription.until((s) => s.results.length >= 1)),
      );
      // One change, seen by one poll, handed to both subscribers as one event.
      await advanceClock(gateway, 60_000);
      await Promise.all(
        subscriptions.map((subscription) => subscription.until((s) => s.results.length >= 2)),
      );
      const shared = (spans: ReceivedSpan[]) =>
        spans.find(
          (span) =>
            span.name === 'subscription event Watched' &&
            span.attributes['gateway.live.deliveries'] === 2 &&
            childrenOf(spans, span).length > 0,
        );
      await receiver.until((spans) => shared(spans) !== undefined);
      const event = shared(receiver.spans)!;
      expect(event.parentSpanId).toBe('');
      expect(event.attributes).toMatchObject({
        'graphql.operation.name': 'Watched',
        'graphql.operation.type': 'subscription',
      });
      expect(childrenOf(receiver.spans, event).map((span) => span.name)).toContain(
        'COMMERCE_LAYER GET /api/imports',
      );
      // No event span per subscriber: the two results came from the one execution.
      const sameTrace = receiver.spans.filter(
        (span) => span.traceId === event.traceId && span.name === 'subscription event Watched',
      );
      expect(sameTrace).toHaveLength(1);
      // Both subscriptions' set-ups are operation spans of their own, over WebSocket.
      const setUps = receiver.spans.filter((span) => span.name === 'subscription Watched');
      expect(setUps).toHaveLength(2);
      for (const setUp of setUps) expect(setUp.attributes['gateway.transport']).toBe('websocket');
      for (const subscription of subscriptions) subscription.cancel();
    } finally {
      await Promise.all(
        clients.map(async (client) => {
          await client.dispose();
        }),
      );
    }
  });
});

describe('the polls a subscription starts', () => {
  const gateway = useGateway({
    providers: ['commercelayer'],
    imports: 1,
    env: { ...tracingEnv('http/json'), COMMERCELAYER_BASE_URL: proxy.url },
    gateway: { live: { activePollMs: 100, idlePollMs: 100 } },
  });

  it("run outside the subscription's set-up: no span under it, not its requestId", async () => {
    proxiedVendorUrl = gateway.simulators.commercelayer.url;
    const { id } = await addCommerceLayerImport(gateway);
    const polls = () => proxy.seen.filter((request) => request.path.startsWith('/api/imports')).length;
    const subscription = subscribeSse<unknown>(
      gateway.url,
      'subscription Polled($id: ID!) { importUpdated(id: $id) { id status } }',
      { id },
      { 'x-request-id': 'subscriber-1' },
    );
    try {
      await subscription.until((s) => s.results.length >= 1);
      // The watch's first read, then polls that re-arm from one another.
      const after = polls();
      await waitFor('three polls after the set-up', () => polls() >= after + 3);
    } finally {
      subscription.cancel();
    }
    // Exported after anything the polls made: batches leave in the order spans end.
    await gateway.graphql('query AfterPolls { providers { provider } }');
    await operationSpan('query AfterPolls');
    const setUp = named('subscription Polled')(receiver.spans)!;
    expect(setUp.attributes['gateway.transport']).toBe('sse');
    const inItsTrace = receiver.spans.filter((span) => span.traceId === setUp.traceId);
    expect(inItsTrace.map((span) => span.name)).toEqual(['subscription Polled']);
    const polled = proxy.seen.filter((request) => request.path.startsWith('/api/imports'));
    expect(polled.length).toBeGreaterThanOrEqual(3);
    expect(polled.filter((request) => request.headers['x-request-id'] === 'subscriber-1')).toEqual([]);
  });
});

const redisUrl = await testRedisUrl();

describe.skipIf(!redisUrl)('store batches on Redis', () => {
  const prefix = testKeyPrefix();
  afterAll(() => deleteKeys(redisUrl!, prefix));
  const gateway = useGateway({
    providers: ['sailpoint'],
    imports: 2,
    env: { ...tracingEnv('http/json'), REDIS_URL: redisUrl ?? '', REDIS_KEY_PREFIX: prefix },
  });

  it("are spans of the operation that sent them (SailPoint's jobs are listed from the registry)", async () => {
    const answer = await gateway.graphql(
      'query FromTheStore { imports(first: 2, filter: { providers: [SAILPOINT] }) { edges { node { id } } } }',
    );
    expect(answer.errors).toBeUndefined();
    const batches = (spans: ReceivedSpan[]) => {
      const operation = named('query FromTheStore')(spans);
      return operation ? childrenOf(spans, operation).filter((span) => span.name === 'redis') : [];
    };
    await receiver.until((spans) => batches(spans).length > 0);
    for (const batch of batches(receiver.spans)) {
      expect(batch.kind).toBe(3);
      expect(batch.attributes['db.system.name']).toBe('redis');
    }
  });
});

describe('spans still buffered at shutdown', () => {
  const gateway = useGateway({
    providers: ['fleetio'],
    imports: 2,
    // Nothing is sent before the shutdown: a batch would wait ten minutes.
    env: tracingEnv('http/json', { OTEL_BSP_SCHEDULE_DELAY: '600000' }),
  });

  it('are sent within the grace period', async () => {
    await gateway.graphql('query AtShutdown { providers { provider } }');
    expect(named('query AtShutdown')(receiver.spans)).toBeUndefined();
    await gateway.gateway.close(5_000);
    expect(named('query AtShutdown')(receiver.spans)).toBeDefined();
  });
});

describe('a shutdown whose requests use the whole grace period', () => {
  const gateway = useGateway({
    providers: ['fleetio'],
    imports: 2,
    env: {
      ...tracingEnv('http/json', { OTEL_BSP_SCHEDULE_DELAY: '600000' }),
      FLEETIO_BASE_URL: `${proxy.url}/api`,
    },
  });

  it('still leaves a slice of it for the spans', async () => {
    proxiedVendorUrl = gateway.simulators.fleetio.url;
    await gateway.graphql('query BeforeTheSlowOne { providers { provider } }');
    await gateway.control('fleetio', 'PUT', '/__sim/faults', { latencyMs: 30_000 });
    const asked = proxy.seen.length;
    // Outlasts the grace: drained until the grace's end but for the spans' slice, then cut.
    const slow = gateway
      .graphql('query Slow { imports(first: 1) { edges { node { id } } } }')
      .catch(() => undefined);
    await waitFor('the slow request at Fleetio', () => proxy.seen.length > asked);
    try {
      await gateway.gateway.close(3_000);
      // Sent within the close, not after it.
      expect(named('query BeforeTheSlowOne')(receiver.spans)).toBeDefined();
    } finally {
      await gateway.control('fleetio', 'DELETE', '/__sim/faults');
      await slow;
    }
  });
});

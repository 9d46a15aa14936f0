import { afterAll, describe, expect, it } from 'vitest';
import { useGateway } from '../support/gateway.ts';
import { IMPORT_UPDATED, subscribeWs, wsClient } from '../support/live-clients.ts';
import { startRecordingProxy, type RecordingProxy } from '../support/recording-proxy.ts';
import { sample } from '../support/metrics-text.ts';

const gateway = useGateway({ imports: 5 });

const LIST =
  'query RecentImports { imports(first: 5, filter: { providers: [COMMERCE_LAYER] }) { nodes { id } } }';

async function query(url: string, text: string, headers: Record<string, string> = {}) {
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query: text }),
  });
  return {
    response,
    body: (await response.json()) as { data?: { imports: { nodes: { id: string }[] } }; errors?: unknown[] },
  };
}

async function metrics(): Promise<string> {
  const response = await fetch(`${gateway.url}/metrics`);
  expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
  return response.text();
}

describe('request ids', () => {
  let proxy: RecordingProxy | undefined;
  afterAll(() => proxy?.close());

  it('keeps the caller’s X-Request-Id, or makes one, and answers it', async () => {
    const given = await query(gateway.url, LIST, { 'x-request-id': 'front-42.a' });
    expect(given.response.headers.get('x-request-id')).toBe('front-42.a');
    const made = await query(gateway.url, LIST, { 'x-request-id': 'no spaces allowed' });
    expect(made.response.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('sends it to the vendor with every request the query causes', async () => {
    proxy = await startRecordingProxy(gateway.simulators.commercelayer.url);
    const instance = await gateway.startInstance({
      configure: (config) => ({
        ...config,
        commerceLayer: { ...config.commerceLayer!, baseUrl: proxy!.url, authUrl: proxy!.url },
      }),
    });
    // What the instance read at start (its first look for importsChanged) served no client request.
    proxy.seen.length = 0;
    const answer = await query(instance.url, LIST, { 'x-request-id': 'trace-me-7' });
    expect(answer.body.errors).toBeUndefined();
    const calls = proxy.seen.filter((call) => call.path.startsWith('/api/imports'));
    expect(calls.length).toBeGreaterThan(0);
    for (const call of calls) expect(call.headers['x-request-id']).toBe('trace-me-7');
    await instance.close();
  });
});

describe('/metrics', () => {
  it('counts operations by name, type and outcome', async () => {
    const before =
      sample(await metrics(), 'gateway_graphql_operations_total', {
        operation: 'RecentImports',
        outcome: 'ok',
      }) ?? 0;
    await query(gateway.url, LIST);
    await query(gateway.url, LIST);
    expect(
      sample(await metrics(), 'gateway_graphql_operations_total', {
        operation: 'RecentImports',
        type: 'query',
        outcome: 'ok',
      }),
    ).toBe(before + 2);
  });

  it('times vendor requests by provider, method and status, and counts retries', async () => {
    await query(gateway.url, LIST);
    const text = await metrics();
    expect(
      sample(text, 'gateway_upstream_request_duration_seconds_count', {
        provider: 'COMMERCE_LAYER',
        method: 'GET',
        status: '200',
      }),
    ).toBeGreaterThan(0);
    const retriesBefore = sample(text, 'gateway_upstream_retries_total', { provider: 'FLEETIO' }) ?? 0;
    await gateway.control('fleetio', 'PUT', '/__sim/faults', { errorRate: 1, errorStatus: 503 });
    try {
      await query(
        gateway.url,
        'query FleetioOnly { imports(first: 2, filter: { providers: [FLEETIO] }) { nodes { id } } }',
      );
    } finally {
      await gateway.control('fleetio', 'DELETE', '/__sim/faults');
    }
    const after = await metrics();
    expect(sample(after, 'gateway_upstream_retries_total', { provider: 'FLEETIO' })).toBeGreaterThan(
      retriesBefore,
    );
    expect(
      sample(after, 'gateway_upstream_request_duration_seconds_count', {
        provider: 'FLEETIO',
        status: '503',
      }),
    ).toBeGreaterThan(0);
    expect(
      sample(after, 'gateway_graphql_operations_total', { operation: 'FleetioOnly', outcome: 'partial' }),
    ).toBe(1);
  });

  it('shows open subscriptions, watcher polls and the breaker state', async () => {
    const nodes = (await query(gateway.url, LIST)).body.data!.imports.nodes;
    const client = wsClient(gateway.url);
    const subscription = subscribeWs(client, IMPORT_UPDATED, { id: nodes[0]!.id });
    try {
      await subscription.until((s) => s.results.length > 0);
      const text = await metrics();
      expect(sample(text, 'gateway_active_subscriptions')).toBe(1);
      expect(
        sample(text, 'gateway_watcher_polls_total', { provider: 'COMMERCE_LAYER', poll: 'watch' }),
      ).toBeGreaterThan(0);
      expect(sample(text, 'gateway_upstream_circuit_open', { provider: 'FLEETIO' }) ?? 0).toBe(0);
    } finally {
      subscription.cancel();
      await client.dispose();
    }
    await expect.poll(async () => sample(await metrics(), 'gateway_active_subscriptions')).toBe(0);
  });
});

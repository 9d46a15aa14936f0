import { beforeAll, describe, expect, it } from 'vitest';
import type { Import } from '../../../src/imports/model.ts';
import { CommerceLayerClient } from '../../../src/providers/commercelayer/client.ts';
import { MAPPED_ATTRIBUTES } from '../../../src/providers/commercelayer/wire.ts';
import { commerceLayerSimulator } from '../../../src/simulators/commercelayer/index.ts';
import { SIMULATOR_CREDENTIALS } from '../../support/secrets.ts';
import { useSimulator } from '../../support/simulators.ts';
import {
  ORDERS,
  requestStats,
  resetStats,
  settingsFor,
  sourceFor,
  startRecordingProxy,
  truthOf,
} from './support.ts';

describe('Commerce Layer protocol', () => {
  const sim = useSimulator(commerceLayerSimulator, { imports: 60, rateLimits: false });
  let truth: Import[];

  beforeAll(async () => {
    truth = await truthOf(sim);
  });

  it('concurrent callers share one token request, sent as a JSON body', async () => {
    const proxy = await startRecordingProxy(sim.url);
    const source = sourceFor(sim, {}, { baseUrl: proxy.url, authUrl: proxy.url });
    await Promise.all([
      source.list({ order: ORDERS[0]!, limit: 100, conditions: {} }),
      source.count({ statuses: ['FAILED'] }),
      source.get(truth.slice(0, 30).map((item) => ({ providerId: item.providerId }))),
    ]);
    const tokens = proxy.exchanges.filter((exchange) => exchange.path === '/oauth/token');
    expect(tokens).toHaveLength(1);
    expect(tokens[0]!.status).toBe(200);
    await source.close();
    await proxy.close();
  });

  it('lists with a sparse fieldset of the mapped attributes only: never inputs or logs', async () => {
    const proxy = await startRecordingProxy(sim.url);
    const source = sourceFor(sim, {}, { baseUrl: proxy.url, authUrl: proxy.url });
    await source.list({ order: ORDERS[0]!, limit: 26, conditions: { statuses: ['SUCCEEDED'] } });
    const lists = proxy.exchanges.filter((exchange) => exchange.path.startsWith('/api/imports?'));
    expect(lists.length).toBeGreaterThan(0);
    for (const exchange of lists) {
      const query = new URLSearchParams(exchange.path.split('?')[1]);
      expect(query.get('fields[imports]')?.split(',').sort()).toEqual([...MAPPED_ATTRIBUTES].sort());
      expect(Number(query.get('page[size]'))).toBeLessThanOrEqual(25);
      // `metadata` is read for the marks of a split (Import.group); inputs and logs never are.
      expect(exchange.body).not.toMatch(/"inputs"|"errors_log"|"warnings_log"/);
    }
    const list = lists.find((exchange) => exchange.path.includes('status_in]=completed'))!;
    expect(list.path).toContain('sort=-created_at,-id');
    // The same page in full is much larger (2.8 times here; 6 times for a page with errors logs).
    const full = await fetch(`${sim.url}${list.path.replace(/&?fields\[imports\]=[^&]*/, '')}`, {
      headers: { authorization: await bearer(sim.url), accept: 'application/vnd.api+json' },
    });
    expect((await full.text()).length).toBeGreaterThan(2 * list.body.length);
    await source.close();
    await proxy.close();
  });

  it('get: 63 ids (3 unknown, some repeated) cost 3 concurrent requests of id_in, and unknown ids are absent', async () => {
    const source = sourceFor(sim);
    await source.count({});
    await resetStats(sim);
    const known = truth.map((item) => item.providerId);
    const references = [...known, 'NoSuchOneA', 'NoSuchOneB', 'NoSuchOneC', ...known.slice(0, 5)].map(
      (providerId) => ({
        providerId,
      }),
    );
    const found = await source.get(references);
    expect(found.size).toBe(known.length);
    for (const item of truth) expect(found.get(item.providerId)).toEqual(item);
    expect(await requestStats(sim)).toEqual({ 'GET /api/imports': 3 });
    await resetStats(sim);
    expect((await source.get([])).size).toBe(0);
    expect((await source.get([{ providerId: 'a,b' }, { providerId: ' ' }])).size).toBe(0);
    expect(await requestStats(sim)).toEqual({});
    await source.close();
  });

  it('an expired token (401 INVALID_TOKEN) is renewed once and the request repeated', async () => {
    const source = sourceFor(sim);
    await source.count({});
    await sim.control('PUT', '/__sim/faults', { expireTokens: true });
    await resetStats(sim);
    expect((await source.count({})).count).toBe(truth.length);
    expect(await requestStats(sim)).toEqual({ 'POST /oauth/token': 1, 'GET /api/imports': 2 });
    await sim.control('DELETE', '/__sim/faults');
    await source.close();
  });

  it('keeps the last X-Ratelimit-* headers of the API and of the token endpoint', async () => {
    await sim.control('PUT', '/__sim/faults', { rateLimits: true });
    const client = new CommerceLayerClient(settingsFor(sim.url));
    await client.listImports([['page[size]', '1']]);
    expect(client.rateLimits.api).toMatchObject({ limit: 200, intervalSeconds: 60 });
    expect(client.rateLimits.api!.remaining).toBeLessThan(200);
    expect(client.rateLimits.token).toMatchObject({ limit: 30, intervalSeconds: 60 });
    await sim.control('DELETE', '/__sim/faults');
    await client.close();
  });
});

async function bearer(url: string): Promise<string> {
  const response = await fetch(`${url}/oauth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      grant_type: 'client_credentials',
      client_id: 'sim-cl-client',
      client_secret: SIMULATOR_CREDENTIALS.commerceLayerClientSecret,
    }),
  });
  return `Bearer ${((await response.json()) as { access_token: string }).access_token}`;
}

import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Import } from '../../../src/imports/model.ts';
import { redirectTarget } from '../../../src/providers/fleetio/redirect-target.ts';
import type { ImportSource } from '../../../src/imports/import-source.ts';
import { UpstreamError } from '../../../src/providers/http/upstream-error.ts';
import { createFleetioSimulator, fleetioSimulator } from '../../../src/simulators/fleetio/index.ts';
import { startRecordingProxy, type RecordingProxy } from '../../support/recording-proxy.ts';
import { useSimulator, type SimulatorUnderTest } from '../../support/simulators.ts';
import { groundTruth, SIM_KEYS, sourceFor } from './fleetio-source.ts';

/** A complete import of the simulator that has records, and its records straight from the simulator. */
async function completeWithRecords(sim: SimulatorUnderTest): Promise<{ item: Import; ids: string[] }> {
  for (const item of await groundTruth(sim)) {
    if (item.status !== 'SUCCEEDED') continue;
    const redirect = await fetch(`${sim.url}/api/v1/imports/${item.providerId}/records`, {
      headers: { authorization: `Token ${SIM_KEYS.apiKey}`, 'account-token': SIM_KEYS.accountToken },
      redirect: 'manual',
    });
    const location = new URL(redirect.headers.get('location')!);
    const file = await fetch(`${sim.url}${location.pathname}${location.search}`);
    const records = (await file.json()) as { id: number }[];
    if (records.length > 0) return { item, ids: records.map((record) => String(record.id)) };
  }
  throw new Error('the simulator has no complete import with records');
}

async function recordsError(source: ImportSource, item: Import): Promise<UpstreamError> {
  const error: unknown = await source.records!(item, { first: 100 }).then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(UpstreamError);
  return error as UpstreamError;
}

const storageRequests = (proxy: RecordingProxy) =>
  proxy.seen.filter((request) => request.path.startsWith('/storage/'));

describe('Fleetio records redirect: where it may lead (no network)', () => {
  const base = 'https://secure.fleetio.com/api';
  const from = `${base}/v1/imports/7/records`;

  test('https anywhere is followed; credentials only to the same origin', () => {
    expect(redirectTarget('/storage/7.json?sig=1', from, base)).toEqual({
      url: 'https://secure.fleetio.com/storage/7.json?sig=1',
      sameOrigin: true,
    });
    expect(redirectTarget('https://files.s3.amazonaws.com/7.json', from, base).sameOrigin).toBe(false);
    // Another port or scheme is another origin.
    expect(redirectTarget('https://secure.fleetio.com:8443/7.json', from, base).sameOrigin).toBe(false);
  });

  test('plain http only on loopback, and only when the base URL is loopback http itself', () => {
    const loopback = 'http://127.0.0.1:4010/api';
    expect(
      redirectTarget('http://127.0.0.1:5020/f.json', `${loopback}/v1/imports/7/records`, loopback),
    ).toEqual({ url: 'http://127.0.0.1:5020/f.json', sameOrigin: false });
    for (const [location, baseUrl] of [
      ['http://secure.fleetio.com/storage/7.json', base],
      ['http://127.0.0.1:5020/f.json', base],
      ['http://files.example/f.json', loopback],
      ['ftp://files.example/f.json', base],
      ['file:///etc/passwd', base],
      ['http://[not a url', base],
    ] as const) {
      expect(() => redirectTarget(location, from, baseUrl), location).toThrow(
        /^Fleetio redirected the records to .+; the gateway does not follow it\.$/,
      );
    }
  });
});

describe('Fleetio records redirect on the same origin', () => {
  const sim = useSimulator(fleetioSimulator, { imports: 40, rateLimits: false });
  let front: RecordingProxy;
  beforeAll(async () => {
    // Fleetio's host as clients see it: the redirect stays on this origin.
    front = await startRecordingProxy(() => sim.url, { rewriteLocation: true });
  });
  afterAll(() => front.close());

  test('keeps Fleetio’s credentials, as fetch does on a same-origin redirect', async () => {
    const { item, ids } = await completeWithRecords(sim);
    const { source } = sourceFor(sim, SIM_KEYS, `${front.url}/api`);
    const page = await source.records!(item, { first: 100 });
    expect(page.items.map((edge) => edge.node.providerId)).toEqual(ids.slice(0, 100));
    const [download] = storageRequests(front);
    expect(download?.headers.authorization).toBe(`Token ${SIM_KEYS.apiKey}`);
    expect(download?.headers['account-token']).toBe(SIM_KEYS.accountToken);
    await source.close();
  });
});

describe('Fleetio records redirect to another origin', () => {
  let storage: RecordingProxy;
  beforeAll(async () => {
    storage = await startRecordingProxy(() => sim.url);
  });
  afterAll(() => storage.close());
  const sim = useSimulator((context) => createFleetioSimulator({ recordsOrigin: storage.url })(context), {
    imports: 40,
    rateLimits: false,
  });

  test('drops Fleetio’s credentials there', async () => {
    const { item, ids } = await completeWithRecords(sim);
    const { source } = sourceFor(sim);
    const page = await source.records!(item, { first: 100 });
    expect(page.items.map((edge) => edge.node.providerId)).toEqual(ids.slice(0, 100));
    const [download] = storageRequests(storage);
    expect(download).toBeDefined();
    expect(download!.headers.authorization).toBeUndefined();
    expect(download!.headers['account-token']).toBeUndefined();
    // Had they gone along, the storage would have refused them, as S3 does.
    const leaked = await fetch(`${storage.url}${download!.path}`, {
      headers: { authorization: `Token ${SIM_KEYS.apiKey}`, 'account-token': SIM_KEYS.accountToken },
    });
    expect(leaked.status).toBe(400);
    await source.close();
  });
});

describe('Fleetio records redirect: one hop, https', () => {
  let bouncer: Server;
  let bouncerUrl = '';
  let hits = 0;
  beforeAll(async () => {
    bouncer = createServer((_request, response) => {
      hits++;
      response.writeHead(302, { location: `${bouncerUrl}/again` }).end();
    });
    await new Promise<void>((resolve) => bouncer.listen(0, '127.0.0.1', resolve));
    bouncerUrl = `http://127.0.0.1:${(bouncer.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => bouncer.close(() => resolve())));
  const twice = useSimulator((context) => createFleetioSimulator({ recordsOrigin: bouncerUrl })(context), {
    imports: 40,
    rateLimits: false,
  });
  const plain = useSimulator(createFleetioSimulator({ recordsOrigin: 'http://records.invalid' }), {
    imports: 40,
    rateLimits: false,
  });

  test('a second redirect is an UPSTREAM_ERROR that says so, and is not followed', async () => {
    const item = (await groundTruth(twice)).find((one) => one.status === 'SUCCEEDED')!;
    const { source } = sourceFor(twice);
    const error = await recordsError(source, item);
    expect(error.failure).toBe('error');
    expect(error.message).toBe(
      `The records of import ${item.providerId} were redirected a second time (302); the gateway follows Fleetio's one redirect only.`,
    );
    expect(hits).toBe(1);
    await source.close();
  });

  test('plain http to a host that is not loopback is refused before any request', async () => {
    const item = (await groundTruth(plain)).find((one) => one.status === 'SUCCEEDED')!;
    const { source } = sourceFor(plain);
    const error = await recordsError(source, item);
    expect(error.failure).toBe('error');
    expect(error.message).toBe(
      'Fleetio redirected the records to a http: URL (only https: is followed); the gateway does not follow it.',
    );
    await source.close();
  });
});

/**
 * One operation pipeline: an error no code explains (a bug) reaches every client as "Internal
 * server error" and is logged in full, the same way over HTTP, WebSocket and SSE. The bug is real
 * code failing: the gateway's SQLite store, whose lookup of SailPoint jobs throws.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningGateway } from '../../src/gateway.ts';
import { encodeImportId } from '../../src/imports/global-id.ts';
import { openBackend } from '../../src/store/backend.ts';
import type { ImportStore } from '../../src/imports/import-store.ts';
import { useGateway } from '../support/gateway.ts';
import { subscribeSse, subscribeWs, wsClient, type LiveResult } from '../support/live-clients.ts';
import { postGraphql } from '../support/gateway.ts';
import { capturingLogger, testLogger } from '../support/test-log.ts';

const gateway = useGateway({ providers: ['sailpoint'], imports: 2 });
const BUG = 'the registry lookup broke (a bug planted by the test)';

/** The real store, except that looking jobs up by id throws what no code explains. */
function withBrokenLookup(store: ImportStore): ImportStore {
  return new Proxy(store, {
    get(target, property) {
      if (property === 'get') return () => Promise.reject(new Error(BUG));
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}

const capture = capturingLogger();
let instance: RunningGateway;
let jobId = '';
const client = () => wsClient(instance.url);
const clients: ReturnType<typeof wsClient>[] = [];

beforeAll(async () => {
  instance = await gateway.startInstance({
    log: capture.log,
    backend: async (config) => {
      const backend = await openBackend({ config, log: testLogger() });
      return { ...backend, store: withBrokenLookup(backend.store) };
    },
  });
  const jobs = await gateway.control<{ id: string; created: string }[]>('sailpoint', 'GET', '/__sim/imports');
  jobId = encodeImportId({
    provider: 'SAILPOINT',
    providerId: jobs[0]!.id,
    createdAt: new Date(jobs[0]!.created),
  });
});
afterAll(async () => {
  await Promise.all(
    clients.map(async (created) => {
      await created.dispose();
    }),
  );
  await instance.close();
});

const lookup = (name: string) => `query ${name}($id: ID!) { import(id: $id) { id status } }`;

/** What the gateway logged about unexpected errors of the operation `name`. */
function loggedFor(name: string): Record<string, unknown>[] {
  return capture.lines
    .flatMap((chunk) => chunk.split('\n').filter(Boolean))
    .map((line) => JSON.parse(line) as Record<string, unknown>)
    .filter((entry) => entry.msg === 'unexpected error in an operation' && entry.operationName === name);
}

function expectHiddenAndLogged(name: string, answer: LiveResult<unknown> | undefined): void {
  expect(answer?.errors).toEqual([
    expect.objectContaining({
      message: 'Internal server error',
      path: ['import'],
      extensions: { code: 'INTERNAL_SERVER_ERROR', retryable: false },
    }),
  ]);
  expect(JSON.stringify(answer)).not.toContain(BUG);
  const logged = loggedFor(name);
  expect(logged).toHaveLength(1);
  expect(logged[0]).toMatchObject({ level: 50, path: ['import'], err: { message: BUG } });
}

describe('an unexpected resolver error', () => {
  it('is hidden from the client and logged once over HTTP', async () => {
    const answer = await postGraphql(instance.url, lookup('LookUpOverHttp'), { id: jobId });
    expectHiddenAndLogged('LookUpOverHttp', answer);
  });

  it('is hidden from the client and logged once over WebSocket, as over HTTP', async () => {
    const created = client();
    clients.push(created);
    const subscription = subscribeWs(created, lookup('LookUpOverWebSocket'), { id: jobId });
    await subscription.untilCompleted();
    expectHiddenAndLogged('LookUpOverWebSocket', subscription.results[0]);
  });

  it('is hidden from the client and logged once over SSE, as over HTTP', async () => {
    const subscription = subscribeSse(instance.url, lookup('LookUpOverSse'), { id: jobId });
    await subscription.untilCompleted();
    expectHiddenAndLogged('LookUpOverSse', subscription.results[0]);
  });

  it('in the set-up of a subscription is logged as well', async () => {
    const created = client();
    clients.push(created);
    const subscription = subscribeWs(
      created,
      'subscription WatchBroken($id: ID!) { importUpdated(id: $id) { id } }',
      { id: jobId },
    );
    await subscription.untilCompleted();
    expect(JSON.stringify(subscription.results)).not.toContain(BUG);
    const logged = loggedFor('WatchBroken');
    expect(logged).toHaveLength(1);
    expect(logged[0]).toMatchObject({ err: { message: BUG } });
  });
});

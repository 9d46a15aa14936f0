import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { EventStreamReader } from '../support/event-stream-reader.ts';
import { useGateway } from '../support/gateway.ts';
import { spawnGateway, type GatewayProcess } from '../support/gateway-process.ts';
import {
  addCommerceLayerImport,
  advanceClock,
  stepUntil,
  subscribeWs,
  wsClient,
} from '../support/live-clients.ts';
import { deleteKeys, testKeyPrefix, testRedisUrl } from '../support/redis.ts';
import { WEBHOOK_SECRETS } from '../support/secrets.ts';
import {
  changesOf,
  CHANGES_WITHOUT_ID,
  COMMERCE_LAYER_ONLY,
  expectIncreasing,
  idsOf,
  RESUMABLE_CHANGES,
  sawStatus,
  sendWebhooksTo,
  transitionsOf,
  untilLive,
  type Changes,
  type LoggedView,
} from './resume.ts';

const redisUrl = await testRedisUrl();
const prefix = testKeyPrefix();
const LIVE = { activePollMs: 30, idlePollMs: 120, changePollMs: 40, leaseMs: 600 };

/** Instance B, in this process; instance A is a child process each test kills. */
const gateway = useGateway({
  providers: ['commercelayer'],
  imports: 5,
  env: redisUrl
    ? {
        REDIS_URL: redisUrl,
        REDIS_KEY_PREFIX: prefix,
        COMMERCELAYER_WEBHOOK_SECRET: WEBHOOK_SECRETS.commerceLayer,
      }
    : {},
  gateway: { live: LIVE },
});

const clients: ReturnType<typeof wsClient>[] = [];
const children: GatewayProcess[] = [];
const dirs: string[] = [];
afterAll(async () => {
  await Promise.all(
    clients.map(async (client) => {
      await client.dispose();
    }),
  );
  await Promise.all(children.map((child) => child.kill()));
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  if (redisUrl) await deleteKeys(redisUrl, prefix);
});

function client(url: string) {
  const made = wsClient(url);
  clients.push(made);
  return made;
}

async function spawnInstanceA(): Promise<GatewayProcess> {
  const dir = mkdtempSync(join(tmpdir(), 'gateway-test-'));
  dirs.push(dir);
  const child = await spawnGateway({ env: { ...gateway.env, DATA_DIR: dir }, options: { live: LIVE } });
  children.push(child);
  return child;
}

/** B's own subscriber from the start: what every instance announced, in the log's order. */
function witnessOnB(): Changes {
  return subscribeWs(client(gateway.url), RESUMABLE_CHANGES, { filter: COMMERCE_LAYER_ONLY });
}

/**
 * While the client is away: the import it watched runs to its end and another one runs whole,
 * told by the simulator's webhooks (to B) and B's change poll, the clock moved by hand.
 */
async function meanwhile(witness: Changes, watched: string): Promise<string> {
  await advanceClock(gateway, 300_000);
  const other = await addCommerceLayerImport(gateway);
  await witness.until((s) => sawStatus(changesOf(s), other.providerId, 'PENDING'));
  await advanceClock(gateway, 300_000);
  await witness.until(
    (s) =>
      sawStatus(changesOf(s), watched, 'SUCCEEDED') && sawStatus(changesOf(s), other.providerId, 'SUCCEEDED'),
  );
  return other.providerId;
}

/** Then one more import, live: once both have seen it, both have seen everything before it. */
async function liveAfterwards(
  witness: Changes,
  resumed: Changes | EventStreamReader<{ importsChanged: LoggedView }>,
) {
  const marker = await addCommerceLayerImport(gateway);
  const seen = (s: { data: { importsChanged: LoggedView }[] }) =>
    s.data.some((data) => data.importsChanged.import.providerId === marker.providerId);
  await witness.until(seen);
  await resumed.until(seen);
  return marker.providerId;
}

/** The witness's ids from `first` up to the marker's first event, the stretch both clients cover. */
function witnessStretch(witness: Changes, first: string, marker: string): string[] {
  const changes = changesOf(witness);
  const from = changes.findIndex((change) => change.eventId === first);
  const to = changes.findIndex((change) => change.import.providerId === marker);
  expect(from).toBeGreaterThanOrEqual(0);
  return changes.slice(from, to + 1).map((change) => change.eventId);
}

describe.skipIf(!redisUrl)('a client cut off from instance A resumes on instance B (Redis)', () => {
  it('over graphql-ws with `after`: every transition once, in order', async () => {
    const witness = witnessOnB();
    const instanceA = await spawnInstanceA();
    await sendWebhooksTo(gateway, gateway.url);
    const onA: Changes = subscribeWs(client(instanceA.url), RESUMABLE_CHANGES, {
      filter: COMMERCE_LAYER_ONLY,
    });
    await untilLive(gateway, onA);
    await untilLive(gateway, witness);

    const watched = await addCommerceLayerImport(gateway);
    await stepUntil(gateway, onA, (s) => sawStatus(changesOf(s), watched.providerId, 'RUNNING'));
    await instanceA.kill(); // SIGKILL: the socket drops, no goodbye
    await onA.untilCompleted();
    const lastOnA = idsOf(onA).at(-1)!;

    const other = await meanwhile(witness, watched.providerId);
    const onB: Changes = subscribeWs(client(gateway.url), RESUMABLE_CHANGES, {
      filter: COMMERCE_LAYER_ONLY,
      after: lastOnA,
    });
    const marker = await liveAfterwards(witness, onB);

    const resumedIds = [...idsOf(onA), ...idsOf(onB)].slice(
      0,
      idsOf(onA).length + changesOf(onB).findIndex((change) => change.import.providerId === marker) + 1,
    );
    expect(resumedIds).toEqual(witnessStretch(witness, idsOf(onA)[0]!, marker));
    expectIncreasing(resumedIds);
    const seen = [...changesOf(onA), ...changesOf(onB)];
    const statuses = (providerId: string) => transitionsOf(seen, providerId).map(([, , status]) => status);
    expect(new Set(statuses(watched.providerId))).toEqual(new Set(['PENDING', 'RUNNING', 'SUCCEEDED']));
    expect(transitionsOf(seen, other)[0]).toEqual(['CREATED', null, 'PENDING']);
    expect(statuses(other).at(-1)).toBe('SUCCEEDED');
    // Each event's previousStatus is the status of the one before it: no transition skipped.
    for (const providerId of [watched.providerId, other]) {
      const transitions = transitionsOf(seen, providerId);
      for (let index = 1; index < transitions.length; index++)
        expect(transitions[index]![1]).toBe(transitions[index - 1]![2]);
    }
    witness.cancel();
    onB.cancel();
  });

  it("over SSE: the stream's `id:` fields, sent back as Last-Event-ID, resume it the same way", async () => {
    const witness = witnessOnB();
    const instanceA = await spawnInstanceA();
    const onA = new EventStreamReader<{ importsChanged: LoggedView }>(instanceA.url, CHANGES_WITHOUT_ID, {
      filter: COMMERCE_LAYER_ONLY,
    });
    await untilLive(gateway, onA);
    await untilLive(gateway, witness);

    const watched = await addCommerceLayerImport(gateway);
    await stepUntil(gateway, onA, (s) =>
      sawStatus(
        s.data.map((d) => d.importsChanged),
        watched.providerId,
        'RUNNING',
      ),
    );
    await instanceA.kill();
    await onA.untilCompleted();
    // Every event carried its id, though the document did not select it.
    expect(onA.ids.every((id) => typeof id === 'string')).toBe(true);

    await meanwhile(witness, watched.providerId);
    const onB = new EventStreamReader<{ importsChanged: LoggedView }>(
      gateway.url,
      CHANGES_WITHOUT_ID,
      { filter: COMMERCE_LAYER_ONLY },
      { 'Last-Event-ID': onA.lastId! },
    );
    const marker = await liveAfterwards(witness, onB);

    const markerAt = onB.data.findIndex((data) => data.importsChanged.import.providerId === marker);
    const resumedIds = [...onA.ids, ...onB.ids.slice(0, markerAt + 1)] as string[];
    expect(resumedIds).toEqual(witnessStretch(witness, onA.ids[0]!, marker));
    expectIncreasing(resumedIds);
    // The witness selected what the SSE clients did not: the same changes, each with its id.
    const byId = new Map(changesOf(witness).map((change) => [change.eventId, change]));
    const sseChanges = [...onA.data, ...onB.data.slice(0, markerAt + 1)].map((data) => data.importsChanged);
    expect(sseChanges.map((change, index) => [change.kind, change.import.status, resumedIds[index]])).toEqual(
      resumedIds.map((id) => [byId.get(id)!.kind, byId.get(id)!.import.status, id]),
    );
    witness.cancel();
    onB.cancel();
  });

  it('refuses an `after` older than the log keeps with BAD_USER_INPUT and reason EVENTS_EXPIRED', async () => {
    const refused: Changes = subscribeWs(client(gateway.url), RESUMABLE_CHANGES, { after: '1-0' });
    await refused.untilCompleted();
    const errors = refused.results[0]?.errors ?? (refused.failure as LoggedView[] | undefined);
    expect(errors).toEqual([
      expect.objectContaining({
        extensions: { code: 'BAD_USER_INPUT', reason: 'EVENTS_EXPIRED', retryable: false },
      }),
    ]);
  });
});

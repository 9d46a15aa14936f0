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

const LIVE = { activePollMs: 30, idlePollMs: 120, changePollMs: 40 };

/** The embedded default: no REDIS_URL, the log in DATA_DIR's SQLite file. */
const gateway = useGateway({
  providers: ['commercelayer'],
  imports: 5,
  env: { COMMERCELAYER_WEBHOOK_SECRET: WEBHOOK_SECRETS.commerceLayer },
  gateway: { live: LIVE },
});

const clients: ReturnType<typeof wsClient>[] = [];
const children: GatewayProcess[] = [];
const dir = mkdtempSync(join(tmpdir(), 'gateway-test-'));
afterAll(async () => {
  await Promise.all(
    clients.map(async (client) => {
      await client.dispose();
    }),
  );
  await Promise.all(children.map((child) => child.kill()));
  rmSync(dir, { recursive: true, force: true });
});

function client(url: string) {
  const made = wsClient(url);
  clients.push(made);
  return made;
}

/** The one instance, in a child process on `dir`, that the test kills and starts again. */
async function spawnInstance(): Promise<GatewayProcess> {
  const child = await spawnGateway({ env: { ...gateway.env, DATA_DIR: dir }, options: { live: LIVE } });
  children.push(child);
  await sendWebhooksTo(gateway, child.url);
  return child;
}

const errorsOf = (subscription: { results: { errors?: unknown[] }[]; failure: unknown }) =>
  subscription.results[0]?.errors ?? subscription.failure;

describe('resuming importsChanged on the embedded default (one instance, SQLite)', () => {
  it('resumes with `after` across a crash and restart: every change once, in order', async () => {
    const first = await spawnInstance();
    const before: Changes = subscribeWs(client(first.url), RESUMABLE_CHANGES, {
      filter: COMMERCE_LAYER_ONLY,
    });
    await untilLive(gateway, before);
    const watched = await addCommerceLayerImport(gateway);
    await stepUntil(gateway, before, (s) => sawStatus(changesOf(s), watched.providerId, 'RUNNING'));
    await first.kill(); // SIGKILL: no shutdown, the SQLite file as a crash leaves it
    await before.untilCompleted();
    const lastBefore = idsOf(before).at(-1)!;
    // While it is down, the import runs to its end.
    await advanceClock(gateway, 300_000);

    const second = await spawnInstance();
    // A subscriber without `after` starts the change poll, which tells what happened meanwhile.
    const witness: Changes = subscribeWs(client(second.url), RESUMABLE_CHANGES, {
      filter: COMMERCE_LAYER_ONLY,
    });
    await witness.until((s) => sawStatus(changesOf(s), watched.providerId, 'SUCCEEDED'));
    const other = await addCommerceLayerImport(gateway);
    await witness.until((s) => sawStatus(changesOf(s), other.providerId, 'PENDING'));
    await advanceClock(gateway, 300_000);
    await witness.until((s) => sawStatus(changesOf(s), other.providerId, 'SUCCEEDED'));

    const resumed: Changes = subscribeWs(client(second.url), RESUMABLE_CHANGES, {
      filter: COMMERCE_LAYER_ONLY,
      after: lastBefore,
    });
    const marker = await addCommerceLayerImport(gateway);
    const seenMarker = (s: Changes) => sawStatus(changesOf(s), marker.providerId, 'PENDING');
    await witness.until(seenMarker);
    await resumed.until(seenMarker);

    const upToMarker = (changes: LoggedView[]) =>
      changes
        .slice(0, changes.findIndex((change) => change.import.providerId === marker.providerId) + 1)
        .map((change) => change.eventId);
    // The log's ids went on from before the crash, and the resumed client got what the witness got
    // since it subscribed, plus what the new instance logged before that (a webhook the simulator
    // sent again once the instance was back), all after the last id it had.
    const resumedIds = upToMarker(changesOf(resumed));
    const witnessIds = upToMarker(changesOf(witness));
    const earlier = resumedIds.indexOf(witnessIds[0]!);
    expect(earlier).toBeGreaterThanOrEqual(0);
    expect(resumedIds.slice(earlier)).toEqual(witnessIds);
    expectIncreasing([...idsOf(before), ...resumedIds]);
    const seen = [...changesOf(before), ...changesOf(resumed)];
    const watchedTransitions = transitionsOf(seen, watched.providerId);
    expect(watchedTransitions[0]).toEqual(['CREATED', null, 'PENDING']);
    expect(watchedTransitions.at(-1)).toEqual(['UPDATED', 'RUNNING', 'SUCCEEDED']);
    for (let index = 1; index < watchedTransitions.length; index++)
      expect(watchedTransitions[index]![1]).toBe(watchedTransitions[index - 1]![2]);
    expect(transitionsOf(seen, other.providerId).map(([, , status]) => status)).toContain('SUCCEEDED');
    witness.cancel();
    resumed.cancel();
    await second.kill();
  });

  it('refuses an expired `after` (EVENTS_EXPIRED) and a garbled one (INVALID_EVENT_ID), over both transports', async () => {
    await sendWebhooksTo(gateway, gateway.url);
    const instance = await gateway.startInstance({
      configure: (config) => ({ ...config, eventRetention: { ms: 900_000, count: 2 } }),
    });
    const changes: Changes = subscribeWs(client(instance.url), RESUMABLE_CHANGES, {
      filter: COMMERCE_LAYER_ONLY,
    });
    await untilLive(gateway, changes);
    // More events than EVENT_RETENTION_COUNT and its slack: the first ones are trimmed.
    while (changes.data.length < 6) {
      const count = changes.data.length;
      await addCommerceLayerImport(gateway);
      await changes.until((s) => s.data.length > count);
    }
    const ids = idsOf(changes);

    const expired: Changes = subscribeWs(client(instance.url), RESUMABLE_CHANGES, { after: ids[0] });
    await expired.untilCompleted();
    expect(errorsOf(expired)).toEqual([
      expect.objectContaining({
        extensions: { code: 'BAD_USER_INPUT', reason: 'EVENTS_EXPIRED', retryable: false },
      }),
    ]);
    expect((errorsOf(expired) as { message: string }[])[0]!.message).toContain('query the imports again');
    const garbled: Changes = subscribeWs(client(instance.url), RESUMABLE_CHANGES, { after: 'yesterday' });
    await garbled.untilCompleted();
    expect(errorsOf(garbled)).toEqual([
      expect.objectContaining({
        extensions: { code: 'BAD_USER_INPUT', reason: 'INVALID_EVENT_ID', retryable: false },
      }),
    ]);
    const overSse = new EventStreamReader(instance.url, CHANGES_WITHOUT_ID, undefined, {
      'Last-Event-ID': 'x\u00ff',
    });
    await overSse.untilCompleted();
    expect(errorsOf(overSse)).toEqual([
      expect.objectContaining({
        extensions: { code: 'BAD_USER_INPUT', reason: 'INVALID_EVENT_ID', retryable: false },
      }),
    ]);

    // The newest id is always kept: resuming from it replays nothing and goes on live.
    const caughtUp: Changes = subscribeWs(client(instance.url), RESUMABLE_CHANGES, { after: ids.at(-1) });
    const next = await addCommerceLayerImport(gateway);
    await caughtUp.until((s) => s.data.length > 0);
    expect(changesOf(caughtUp)[0]!.import.providerId).toBe(next.providerId);
    expect(caughtUp.completed).toBe(false);
    for (const subscription of [changes, caughtUp]) subscription.cancel();
    await instance.close();
  });
});

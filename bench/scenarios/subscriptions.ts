/**
 * Scenario 4: 10,000 `importUpdated` subscriptions over 100 WebSocket connections, spread over 100
 * Commerce Layer imports (each connection watches all 100), clients in their own process. Measures
 * the gateway's extra RSS per subscriber, vendor requests per minute with 100 and with 10,000
 * subscribers (the watcher polls once per import, whoever listens), and the delay from a
 * simulator change, announced by its signed webhook, to the last subscriber receiving it.
 */
import { encodeImportId } from '../../src/imports/global-id.ts';
import {
  cpuSecondsOf,
  rssOf,
  WorkerProcess,
  type GatewayProcess,
  type SimulatorProcess,
} from '../processes.ts';
import { round, type TargetCheck } from '../report.ts';
import { control, countVendorRequests, resetVendorRequests } from '../sim-control.ts';
import type { FanoutResult, SubscribeResult, SubscriberCommand } from '../subscribers.ts';

export const WEBHOOK_SECRET = 'bench-webhook-secret';
const CONNECTIONS = 100;
const IMPORTS = 100;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function percentile(values: number[], share: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor(share * sorted.length))]!;
}

/** Median of a few samples, a quarter of a second apart: one sample can land mid-GC. */
async function steadyRss(pid: number): Promise<number> {
  const samples: number[] = [];
  for (let sample = 0; sample < 5; sample++) {
    samples.push(await rssOf(pid));
    await sleep(250);
  }
  return percentile(samples, 0.5);
}

/** `count` pending Commerce Layer imports of 4 inputs each (they start 2–8 simulated s later, then finish in one step). */
async function addPendingImports(simulators: SimulatorProcess, count: number): Promise<string[]> {
  const ids: string[] = [];
  for (let index = 0; index < count; index++) {
    const created = await control<{ id: string; attributes: { created_at: string } }>(
      simulators.urls.commercelayer,
      'POST',
      '/__sim/imports',
      { status: 'pending', resource_type: 'skus', inputs_size: 4 },
    );
    ids.push(
      encodeImportId({
        provider: 'COMMERCE_LAYER',
        providerId: created.id,
        createdAt: new Date(created.attributes.created_at),
      }),
    );
  }
  return ids;
}

async function activeSubscriptions(gateway: GatewayProcess): Promise<number> {
  const text = await (await fetch(new URL('/metrics', gateway.url))).text();
  return Number(/^gateway_active_subscriptions\s+(\d+)/m.exec(text)?.[1] ?? Number.NaN);
}

async function untilNoSubscriptions(gateway: GatewayProcess): Promise<void> {
  for (let waited = 0; waited < 10_000; waited += 100) {
    if ((await activeSubscriptions(gateway)) === 0) return;
    await sleep(100);
  }
}

/** The watcher's poll rounds so far (each one `get` of every import due, in batches). */
async function pollRounds(gateway: GatewayProcess): Promise<number> {
  const text = await (await fetch(new URL('/metrics', gateway.url))).text();
  return [...text.matchAll(/^gateway_watcher_polls_total\{[^}]*poll="watch"[^}]*\}\s+(\d+)/gm)].reduce(
    (sum, match) => sum + Number(match[1]),
    0,
  );
}

/** Vendor API requests (tokens apart) and poll rounds from the reset to `windowMs` later, per minute. */
async function requestsPerMinute(
  simulators: SimulatorProcess,
  gateway: GatewayProcess,
  roundsAtReset: number,
  resetAt: number,
  windowMs: number,
) {
  await sleep(Math.max(0, resetAt + windowMs - performance.now()));
  const counts = await countVendorRequests(simulators);
  const perMinute = (value: number) => (value * 60_000) / windowMs;
  return {
    requests: perMinute(counts.commercelayer.api + counts.fleetio.api + counts.sailpoint.api),
    rounds: perMinute((await pollRounds(gateway)) - roundsAtReset),
    routes: counts.commercelayer.routes,
  };
}

/**
 * One event to 10,000 subscribers over the 100 connections (100 subscriptions of the same import
 * on each), as the issue states the fan-out target: for each of `imports` fresh pending imports in
 * turn, every subscriber watches it until it finished; each change is executed, serialized and
 * sent once per subscriber. Answers the delay from the clock advance to the last receipt of each change.
 */
async function oneEventToAll(
  simulators: SimulatorProcess,
  clients: WorkerProcess<SubscriberCommand, unknown>,
  imports: number,
) {
  await clients.call({ kind: 'unsubscribe' });
  const lastMs: number[] = [];
  let changes = 0;
  let missed = 0;
  for (const id of await addPendingImports(simulators, imports)) {
    await clients.call({ kind: 'subscribe', ids: [id], perConnection: IMPORTS, timeoutMs: 60_000 });
    const fanout = (await clients.call({
      kind: 'fanout',
      clockUrl: simulators.urls.commercelayer,
      advanceMs: 500,
      maxRounds: 60,
      quietMs: 300,
    })) as FanoutResult;
    lastMs.push(...fanout.lastSubscriberMs);
    changes += fanout.changes;
    missed += fanout.missed;
    await clients.call({ kind: 'unsubscribe' });
  }
  return { lastMs: lastMs.map((ms) => round(ms, 1)), changes, missed };
}

export async function subscriptionsScenario(
  simulators: SimulatorProcess,
  gateway: GatewayProcess,
  quick: boolean,
) {
  const windowMs = quick ? 10_000 : 20_000;
  const origin = new URL(gateway.url).origin;
  await control(simulators.urls.commercelayer, 'PUT', '/__sim/webhooks', {
    url: `${origin}/webhooks/commercelayer`,
    secret: WEBHOOK_SECRET,
  });
  const fanoutSet = await addPendingImports(simulators, IMPORTS);
  const smallSet = await addPendingImports(simulators, IMPORTS);
  const clients = new WorkerProcess<SubscriberCommand, unknown>('bench/subscribers.ts');
  try {
    const rssIdle = await steadyRss(gateway.pid);
    await clients.call({ kind: 'open', url: gateway.url, connections: CONNECTIONS });
    const rssConnected = await steadyRss(gateway.pid);

    // 100 subscribers: one per connection, one per import.
    let roundsAtReset = await pollRounds(gateway);
    await resetVendorRequests(simulators);
    let resetAt = performance.now();
    const small = (await clients.call({
      kind: 'subscribe',
      ids: smallSet,
      perConnection: 1,
      timeoutMs: 30_000,
    })) as SubscribeResult;
    const with100 = await requestsPerMinute(simulators, gateway, roundsAtReset, resetAt, windowMs);
    const pollsWith100 = with100.requests;
    await clients.call({ kind: 'unsubscribe' });
    await untilNoSubscriptions(gateway);

    // 10,000 subscribers: every connection watches all 100 imports.
    roundsAtReset = await pollRounds(gateway);
    await resetVendorRequests(simulators);
    resetAt = performance.now();
    const large = (await clients.call({
      kind: 'subscribe',
      ids: fanoutSet,
      perConnection: IMPORTS,
      timeoutMs: 60_000,
    })) as SubscribeResult;
    const active = await activeSubscriptions(gateway);
    const rssLoaded = await steadyRss(gateway.pid);
    const with10k = await requestsPerMinute(simulators, gateway, roundsAtReset, resetAt, windowMs);
    const pollsWith10k = with10k.requests;

    // Fan-out: each clock step of 100 simulated ms starts or finishes about two of the 100 imports
    // (they start 2–8 s after creation, and finish one 3 s step later); the simulator's signed
    // webhooks announce each change at once.
    const cpuBefore = await cpuSecondsOf(gateway.pid);
    const fanout = (await clients.call({
      kind: 'fanout',
      clockUrl: simulators.urls.commercelayer,
      advanceMs: 100,
      maxRounds: 200,
      quietMs: 150,
    })) as FanoutResult;
    // Each change reaches the import's 100 subscribers (one per connection); the CPU includes the
    // webhooks, their vendor reads and the watcher's polls of the same seconds.
    const delivered = fanout.changes * CONNECTIONS - fanout.missed;
    const cpuPerEventMs = (((await cpuSecondsOf(gateway.pid)) - cpuBefore) * 1000) / Math.max(1, delivered);

    const single = await oneEventToAll(simulators, clients, quick ? 1 : 3);

    const perSubscriberBytes = (rssLoaded - rssIdle) / Math.max(1, active);
    const p50 = percentile(fanout.lastSubscriberMs, 0.5);
    const p99 = percentile(fanout.lastSubscriberMs, 0.99);
    const alone = fanout.steps.filter((step) => step.changes === 1).map((step) => step.lastMs);
    const aloneP50 = percentile(alone, 0.5);
    const aloneP99 = percentile(alone, 0.99);
    const firstP50 = percentile(fanout.firstSubscriberMs, 0.5);
    const firstP99 = percentile(fanout.firstSubscriberMs, 0.99);
    const everyP50 = percentile(fanout.everySubscriberMs, 0.5);
    const everyP99 = percentile(fanout.everySubscriberMs, 0.99);
    // Independent of subscribers: within 10 % or one poll round (4 requests of 25 ids) of each other.
    const pollsIndependent =
      Math.abs(pollsWith10k - pollsWith100) <= Math.max(pollsWith100 * 0.1, 4 * (60_000 / windowMs));
    const mb = (bytes: number) => round(bytes / 2 ** 20, 1);
    const table = [
      '## 4. Subscriptions (importUpdated over graphql-ws, clients in their own process)',
      '',
      '| figure | value |',
      '|---|---|',
      `| subscriptions open (gateway's count) | ${active} over ${CONNECTIONS} connections, ${IMPORTS} imports |`,
      `| time to subscribe 10,000 (until each had its first event) | ${round(large.ms, 0)} ms |`,
      `| gateway RSS: idle / 100 connections / 10,000 subscribers | ${mb(rssIdle)} / ${mb(rssConnected)} / ${mb(rssLoaded)} MiB |`,
      `| extra RSS per subscriber (connections included) | ${round(perSubscriberBytes / 1024, 2)} KiB |`,
      `| vendor requests (poll rounds) per minute, 100 subscribers (1 per import) | ${round(pollsWith100, 1)} (${round(with100.rounds, 1)}) |`,
      `| vendor requests (poll rounds) per minute, 10,000 subscribers (100 per import) | ${round(pollsWith10k, 1)} (${round(with10k.rounds, 1)}) |`,
      `| changes fanned out (import × new status) | ${fanout.changes} in ${fanout.rounds} clock steps, ${fanout.missed} deliveries missed |`,
      `| webhook → last subscriber of the import, p50 / p99 | ${round(p50, 1)} / ${round(p99, 1)} ms |`,
      `| webhook → first subscriber of the import, p50 / p99 | ${round(firstP50, 1)} / ${round(firstP99, 1)} ms |`,
      `| webhook → last subscriber, clock steps with a single change (${alone.length}), p50 / p99 | ${round(aloneP50, 1)} / ${round(aloneP99, 1)} ms |`,
      `| webhook → each subscriber, p50 / p99 | ${round(everyP50, 1)} / ${round(everyP99, 1)} ms |`,
      `| one change to 10,000 subscribers of one import (${single.changes} changes, ${single.missed} missed): webhook → last subscriber, p50 / max | ${round(percentile(single.lastMs, 0.5), 1)} / ${round(Math.max(...single.lastMs), 1)} ms |`,
      `| gateway CPU per event delivered to one subscriber (fan-out phase, ${delivered} deliveries) | ${round(cpuPerEventMs, 3)} ms |`,
      '',
      `Vendor requests are counted over ${windowMs / 1000} s from the first subscription (first reads included) and scaled to a minute.`,
      'The delay runs from the clock advance sent to the simulator (which sends its signed webhook at once) to the receipt in the client process.',
      '',
    ].join('\n');
    const errors = [...small.errors, ...large.errors];
    const targets: TargetCheck[] = [
      {
        name: 'Extra RSS per subscriber (10,000 subscribers)',
        value: perSubscriberBytes / 1024,
        unit: 'KiB',
        target: '≤ 10 KB',
        pass: perSubscriberBytes <= 10_000 && active === 10_000,
      },
      {
        name: 'Vendor requests/min, 10,000 vs 100 subscribers',
        value: pollsWith10k,
        unit: `/min (vs ${round(pollsWith100, 1)})`,
        target: 'independent of subscribers',
        pass: pollsIndependent,
      },
      {
        name: 'One change to 10,000 subscribers: webhook → last, worst',
        value: Math.max(...single.lastMs),
        unit: 'ms',
        target: '≤ 50 ms',
        pass: Math.max(...single.lastMs) <= 50 && single.missed === 0 && single.changes > 0,
      },
      {
        name: 'Fan-out p99, webhook → last subscriber',
        value: p99,
        unit: 'ms',
        target: '≤ 50 ms',
        pass: p99 <= 50 && fanout.missed === 0 && fanout.changes > 0,
      },
    ];
    return {
      results: {
        connections: CONNECTIONS,
        imports: IMPORTS,
        active,
        subscribeMs: { small: small.ms, large: large.ms },
        errors,
        rss: { idle: rssIdle, connected: rssConnected, loaded: rssLoaded, perSubscriberBytes },
        vendorRequestsPerMinute: { with100, with10k, windowMs },
        fanout: {
          rounds: fanout.rounds,
          steps: fanout.steps.map((step) => ({
            changes: step.changes,
            firstMs: round(step.firstMs, 1),
            lastMs: round(step.lastMs, 1),
          })),
          changes: fanout.changes,
          missed: fanout.missed,
          lastSubscriberMs: { p50, p99, max: Math.max(...fanout.lastSubscriberMs) },
          firstSubscriberMs: { p50: firstP50, p99: firstP99 },
          singleChangeSteps: {
            count: alone.length,
            lastSubscriberP50Ms: aloneP50,
            lastSubscriberP99Ms: aloneP99,
          },
          everySubscriberMs: { p50: everyP50, p99: everyP99 },
          delivered,
          cpuPerEventMs,
        },
        oneEventToAll: single,
      },
      table,
      targets,
    };
  } finally {
    await clients.call({ kind: 'close' }).catch(() => undefined);
    await clients.stop();
    await control(simulators.urls.commercelayer, 'DELETE', '/__sim/webhooks').catch(() => undefined);
  }
}

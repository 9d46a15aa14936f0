/**
 * The subscription clients of scenario 4, in a process of their own (so their work never shares
 * the gateway's event loop): graphql-ws connections that subscribe to `importUpdated`, note when
 * each status change reaches each subscriber, and drive the simulators' clock. Commands arrive
 * over IPC, one at a time; each is answered with `{ id, result }` or `{ id, error }`.
 */
import { performance } from 'node:perf_hooks';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';

export type SubscriberCommand =
  | { kind: 'open'; url: string; connections: number }
  | { kind: 'subscribe'; ids: string[]; perConnection: number; timeoutMs: number }
  | { kind: 'unsubscribe' }
  | { kind: 'fanout'; clockUrl: string; advanceMs: number; maxRounds: number; quietMs: number }
  | { kind: 'close' };

export interface SubscribeResult {
  subscriptions: number;
  /** Until every subscription had its first event (the import's current state). */
  ms: number;
  errors: string[];
}

export interface FanoutResult {
  rounds: number;
  /** Status changes seen (one import, one new status), each by every subscriber of the import. */
  changes: number;
  /** From the clock advance to the last subscriber of the import receiving the change, ms. */
  lastSubscriberMs: number[];
  /** From the clock advance to the first subscriber of the import receiving it, ms. */
  firstSubscriberMs: number[];
  /** From the clock advance to each subscriber receiving it, ms. */
  everySubscriberMs: number[];
  /** Deliveries missing: subscribers of an import that did not get one of its changes. */
  missed: number;
  /** Per clock step: changes it caused, and the delay of its earliest and latest delivery, ms. */
  steps: { changes: number; firstMs: number; lastMs: number }[];
}

const QUERY = 'subscription ($id: ID!) { importUpdated(id: $id) { id status updatedAt } }';

interface Live {
  id: string;
  status?: string;
  cancel: () => void;
  done: boolean;
}

let clients: Client[] = [];
let live: Live[] = [];
/** `<import id> <status>` → when each subscriber received it. */
const receipts = new Map<string, number[]>();
let lastReceipt = 0;
let changed: (() => void) | undefined;

function open(url: string, connections: number): Promise<number> {
  const started = performance.now();
  clients = Array.from({ length: connections }, () =>
    createClient({
      url: `${url.replace(/^http/, 'ws')}`,
      webSocketImpl: WebSocket,
      lazy: false,
      retryAttempts: 0,
    }),
  );
  return Promise.all(
    clients.map(
      (client) =>
        new Promise<void>((resolve, reject) => {
          const offConnected = client.on('connected', () => {
            offConnected();
            resolve();
          });
          client.on('closed', (event) => reject(new Error(`connection closed: ${JSON.stringify(event)}`)));
        }),
    ),
  ).then(() => performance.now() - started);
}

async function subscribe(ids: string[], perConnection: number, timeoutMs: number): Promise<SubscribeResult> {
  const started = performance.now();
  const errors: string[] = [];
  const firsts: Promise<void>[] = [];
  clients.forEach((client, index) => {
    for (let slot = 0; slot < perConnection; slot++) {
      const id = ids[(index * perConnection + slot) % ids.length]!;
      const entry: Live = { id, cancel: () => undefined, done: false };
      let first!: () => void;
      firsts.push(new Promise<void>((resolve) => (first = resolve)));
      entry.cancel = client.subscribe<{ importUpdated: { status: string } }>(
        { query: QUERY, variables: { id } },
        {
          next: (result) => {
            const status = result.data?.importUpdated.status;
            if (result.errors) errors.push(JSON.stringify(result.errors).slice(0, 300));
            if (status === undefined) return first();
            if (entry.status !== undefined && entry.status !== status) {
              const at = performance.now();
              const key = `${id} ${status}`;
              const list = receipts.get(key);
              if (list) list.push(at);
              else receipts.set(key, [at]);
              lastReceipt = at;
              changed?.();
            }
            entry.status = status;
            first();
          },
          error: (error) => {
            errors.push(String((error as Error).message ?? JSON.stringify(error)).slice(0, 300));
            entry.done = true;
            first();
          },
          complete: () => {
            entry.done = true;
            first();
          },
        },
      );
      live.push(entry);
    }
  });
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    Promise.all(firsts),
    new Promise((resolve) => (timer = setTimeout(resolve, timeoutMs))),
  ]);
  clearTimeout(timer);
  const pending = live.filter((entry) => entry.status === undefined && !entry.done).length;
  if (pending > 0) errors.push(`${pending} subscriptions had no first event after ${timeoutMs} ms`);
  return { subscriptions: live.length, ms: performance.now() - started, errors: errors.slice(0, 20) };
}

function unsubscribe(): number {
  for (const entry of live) if (!entry.done) entry.cancel();
  const count = live.length;
  live = [];
  return count;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Advances the clock step by step; after each step waits until no change has arrived for `quietMs`
 * (at most 5 s). Each change is charged to the last advance sent before its first receipt.
 */
async function fanout(command: Extract<SubscriberCommand, { kind: 'fanout' }>): Promise<FanoutResult> {
  receipts.clear();
  const advances: number[] = [];
  let rounds = 0;
  for (; rounds < command.maxRounds && live.some((entry) => !entry.done); rounds++) {
    const sent = performance.now();
    advances.push(sent);
    const response = await fetch(`${command.clockUrl}/__sim/clock`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ advanceMs: command.advanceMs }),
    });
    await response.arrayBuffer();
    lastReceipt = Math.max(lastReceipt, performance.now());
    while (performance.now() - lastReceipt < command.quietMs && performance.now() - sent < 5_000) {
      await Promise.race([sleep(command.quietMs), new Promise<void>((resolve) => (changed = resolve))]);
      changed = undefined;
    }
  }
  const subscribersOf = new Map<string, number>();
  for (const entry of live) subscribersOf.set(entry.id, (subscribersOf.get(entry.id) ?? 0) + 1);
  const lastSubscriberMs: number[] = [];
  const firstSubscriberMs: number[] = [];
  const everySubscriberMs: number[] = [];
  let missed = 0;
  const steps = advances.map(() => ({ changes: 0, firstMs: Infinity, lastMs: 0 }));
  for (const [key, times] of receipts) {
    const first = Math.min(...times);
    const advance = advances.filter((at) => at <= first).pop() ?? advances[0]!;
    const step = steps[advances.indexOf(advance)]!;
    step.changes += 1;
    step.firstMs = Math.min(step.firstMs, first - advance);
    step.lastMs = Math.max(step.lastMs, Math.max(...times) - advance);
    lastSubscriberMs.push(Math.max(...times) - advance);
    firstSubscriberMs.push(first - advance);
    for (const at of times) everySubscriberMs.push(at - advance);
    missed += Math.max(0, (subscribersOf.get(key.split(' ')[0]!) ?? 0) - times.length);
  }
  return {
    rounds,
    changes: receipts.size,
    lastSubscriberMs,
    firstSubscriberMs,
    everySubscriberMs,
    missed,
    steps: steps.filter((step) => step.changes > 0),
  };
}

async function handle(command: SubscriberCommand): Promise<unknown> {
  switch (command.kind) {
    case 'open':
      return { ms: await open(command.url, command.connections) };
    case 'subscribe':
      return subscribe(command.ids, command.perConnection, command.timeoutMs);
    case 'unsubscribe':
      return { cancelled: unsubscribe() };
    case 'fanout':
      return fanout(command);
    case 'close':
      unsubscribe();
      for (const client of clients) void client.dispose();
      clients = [];
      return {};
  }
}

if (process.send) {
  process.on('message', (message: { id: number; payload: SubscriberCommand }) => {
    void handle(message.payload).then(
      (result) => process.send!({ id: message.id, result }),
      (error: Error) => process.send!({ id: message.id, error: error.stack ?? error.message }),
    );
  });
  process.on('disconnect', () => process.exit(0));
}

import { randomUUID } from 'node:crypto';
import { createClient as createSseClient } from 'graphql-sse';
import { createClient as createWsClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { encodeImportId } from '../../src/imports/global-id.ts';
import type { GatewayUnderTest } from './gateway.ts';

export interface LiveResult<T> {
  data?: T | null;
  errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, unknown> }[];
}

/**
 * The results of one subscription as they arrive, over either transport, with waits that resolve
 * as soon as a condition holds (no fixed sleeps).
 */
export class Subscription<T> {
  readonly results: LiveResult<T>[] = [];
  completed = false;
  /** A transport-level error (graphql-ws `error` message, a close, a failed SSE request). */
  failure: unknown;
  private readonly waiters = new Set<() => void>();
  cancel: () => void = () => undefined;

  next(result: LiveResult<T>): void {
    this.results.push(result);
    this.wake();
  }

  end(failure?: unknown): void {
    this.completed = true;
    this.failure = failure;
    this.wake();
  }

  get data(): T[] {
    return this.results.flatMap((result) => (result.data ? [result.data] : []));
  }

  /** Resolves once `condition` holds; rejects with what was received after `timeoutMs`. */
  until(condition: (subscription: this) => boolean, timeoutMs = 10_000): Promise<void> {
    if (condition(this)) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters.delete(check);
        reject(
          new Error(
            `timed out; completed=${this.completed}, received ${JSON.stringify(this.results).slice(0, 2_000)}`,
          ),
        );
      }, timeoutMs);
      const check = () => {
        if (!condition(this)) return;
        clearTimeout(timer);
        this.waiters.delete(check);
        resolve();
      };
      this.waiters.add(check);
    });
  }

  untilCompleted(timeoutMs?: number): Promise<void> {
    return this.until((subscription) => subscription.completed, timeoutMs);
  }

  private wake(): void {
    for (const waiter of [...this.waiters]) waiter();
  }
}

/** A graphql-ws client on the gateway's /graphql, with no retries (a close is a result to check). */
export function wsClient(
  url: string,
  options: { lazy?: boolean; connectionParams?: Record<string, unknown> } = {},
): Client {
  return createWsClient({
    url: `${url.replace(/^http/, 'ws')}/graphql`,
    webSocketImpl: WebSocket,
    retryAttempts: 0,
    lazy: options.lazy ?? true,
    connectionParams: options.connectionParams,
  });
}

export function subscribeWs<T>(client: Client, query: string, variables?: Record<string, unknown>) {
  const subscription = new Subscription<T>();
  subscription.cancel = client.subscribe<T>(
    { query, variables },
    {
      next: (result) => subscription.next(result as LiveResult<T>),
      error: (error) => subscription.end(error),
      complete: () => subscription.end(),
    },
  );
  return subscription;
}

/** A graphql-sse client in distinct-connections mode: one streaming POST per operation. */
export function subscribeSse<T>(
  url: string,
  query: string,
  variables?: Record<string, unknown>,
  headers?: Record<string, string>,
) {
  const client = createSseClient({ url: `${url}/graphql/stream`, retryAttempts: 0, headers });
  const subscription = new Subscription<T>();
  const cancel = client.subscribe<T>(
    { query, variables },
    {
      next: (result) => subscription.next(result as LiveResult<T>),
      error: (error) => subscription.end(error),
      complete: () => subscription.end(),
    },
  );
  subscription.cancel = () => {
    cancel();
    client.dispose();
  };
  return subscription;
}

interface ClResource {
  id: string;
  attributes: { created_at: string };
}

/** A pending Commerce Layer import of `size` valid SKUs, added in the simulator (the createImport mutation is not needed). */
export async function addCommerceLayerImport(
  gateway: GatewayUnderTest,
  size = 20,
): Promise<{ id: string; providerId: string }> {
  const inputs = Array.from({ length: size }, (_, index) => ({
    code: `LIVE-${randomUUID().slice(0, 8)}-${index}`,
    name: 'ok',
  }));
  const created = await gateway.control<ClResource>('commercelayer', 'POST', '/__sim/imports', {
    status: 'pending',
    resource_type: 'skus',
    inputs,
  });
  const id = encodeImportId({
    provider: 'COMMERCE_LAYER',
    providerId: created.id,
    createdAt: new Date(created.attributes.created_at),
  });
  return { id, providerId: created.id };
}

export async function advanceClock(gateway: GatewayUnderTest, ms: number): Promise<void> {
  await gateway.control('commercelayer', 'POST', '/__sim/clock', { advanceMs: ms });
}

async function commerceLayerRequests(gateway: GatewayUnderTest): Promise<number> {
  const { requests } = await gateway.control<{ requests: Record<string, number> }>(
    'commercelayer',
    'GET',
    '/__sim/stats',
  );
  return Object.values(requests).reduce((sum, count) => sum + count, 0);
}

/**
 * Advances the simulator clock, then waits until the subscription got something, or the gateway
 * has called Commerce Layer twice since (so one whole poll saw the new state and found nothing new).
 */
export async function stepClock(
  gateway: GatewayUnderTest,
  subscription: Subscription<unknown>,
  ms: number,
): Promise<void> {
  const seen = subscription.results.length;
  const moved = () => subscription.results.length > seen || subscription.completed;
  const before = await commerceLayerRequests(gateway);
  await advanceClock(gateway, ms);
  for (let waited = 0; waited < 5_000 && !moved(); waited += 20) {
    if ((await commerceLayerRequests(gateway)) >= before + 2) break;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  await subscription.until(moved, 200).catch(() => undefined);
}

/** Advances the clock `stepMs` at a time until `done` holds; fails after `maxSteps` steps. */
export async function stepUntil<T>(
  gateway: GatewayUnderTest,
  subscription: Subscription<T>,
  done: (subscription: Subscription<T>) => boolean,
  { stepMs = 3_000, maxSteps = 100 } = {},
): Promise<void> {
  for (let step = 0; !done(subscription); step++) {
    if (step >= maxSteps)
      throw new Error(
        `not there after ${maxSteps} steps: ${JSON.stringify(subscription.results).slice(0, 2_000)}`,
      );
    await stepClock(gateway, subscription, stepMs);
  }
}

/** Advances the clock a progress interval (3 s) at a time until the subscription completes. */
export async function driveToEnd(
  gateway: GatewayUnderTest,
  subscription: Subscription<unknown>,
  stepMs = 3_000,
): Promise<void> {
  for (let count = 0; count < 100 && !subscription.completed; count++)
    await stepClock(gateway, subscription, stepMs);
}

export const IMPORT_UPDATED = `subscription ($id: ID!) {
  importUpdated(id: $id) {
    id provider providerId status providerStatus terminal updatedAt progress
    counts { total processed errors }
  }
}`;

export const IMPORTS_CHANGED = `subscription ($filter: ImportFilter) {
  importsChanged(filter: $filter) {
    kind previousStatus
    import { id provider providerId status updatedAt counts { processed } }
  }
}`;

export interface ImportView {
  id: string;
  provider: string;
  providerId: string;
  status: string;
  terminal: boolean;
  updatedAt: string;
  progress: number | null;
  counts: { total: number | null; processed: number | null; errors: number | null };
}

export interface ChangeView {
  kind: 'CREATED' | 'UPDATED' | 'DELETED';
  previousStatus: string | null;
  import: Pick<ImportView, 'id' | 'provider' | 'providerId' | 'status' | 'updatedAt'>;
}

import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from 'vitest';
import type { CommerceLayerSettings } from '../../../src/providers/commercelayer/settings.ts';
import { loadImportConnection } from '../../../src/imports/connection.ts';
import type { Import } from '../../../src/imports/model.ts';
import {
  compareImports,
  comparePositions,
  positionOf,
  type ImportOrder,
  type OrderPosition,
} from '../../../src/imports/order.ts';
import { importFromCommerceLayer } from '../../../src/providers/commercelayer/map.ts';
import {
  createCommerceLayerSource,
  type CommerceLayerSourceOptions,
} from '../../../src/providers/commercelayer/source.ts';
import { parseImportResource } from '../../../src/providers/commercelayer/wire.ts';
import type { ImportConditions, ImportSource } from '../../../src/imports/import-source.ts';
import type { SimulatorUnderTest } from '../../support/simulators.ts';
import { SIMULATOR_CREDENTIALS } from '../../support/secrets.ts';
import { capturingLogger } from '../../support/test-log.ts';

export function settingsFor(
  url: string,
  overrides: Partial<CommerceLayerSettings> = {},
): CommerceLayerSettings {
  return {
    baseUrl: url,
    authUrl: url,
    clientId: 'sim-cl-client',
    clientSecret: SIMULATOR_CREDENTIALS.commerceLayerClientSecret,
    webhookSecret: undefined,
    ...overrides,
  };
}

/** A logger that keeps its lines, to assert on warnings and on what is never logged. */
export const memoryLogger = capturingLogger;

export function sourceFor(
  sim: SimulatorUnderTest,
  options: Partial<CommerceLayerSourceOptions> = {},
  settings: Partial<CommerceLayerSettings> = {},
): ImportSource {
  return createCommerceLayerSource(settingsFor(sim.url, settings), { log: memoryLogger().log, ...options });
}

/**
 * The simulator's ground truth (`GET /__sim/imports`) through the adaptor's own mapper, with the
 * `errors_log` the snapshot carries (it decides a completed import with a null `errors_count`)
 * and the imports `interruptedByGateway` names (CANCELLED).
 */
export async function truthOf(
  sim: SimulatorUnderTest,
  interruptedByGateway: ReadonlySet<string> = new Set(),
): Promise<Import[]> {
  const snapshot = await sim.control<{ id: string; attributes: { errors_log?: unknown } }[]>(
    'GET',
    '/__sim/imports',
  );
  return snapshot.map((resource) =>
    importFromCommerceLayer(parseImportResource(resource), {
      errorsLogged: Object.keys(resource.attributes.errors_log ?? {}).length > 0,
      interruptedByGateway: interruptedByGateway.has(resource.id),
    }),
  );
}

/** The conditions, written out again here rather than taken from list-plan.ts. */
export function expectedOf(
  truth: readonly Import[],
  conditions: ImportConditions,
  order: ImportOrder,
): Import[] {
  const within = (at: number, after?: number, before?: number) =>
    (after === undefined || at > after) && (before === undefined || at < before);
  return truth
    .filter(
      (item) =>
        (!conditions.statuses || conditions.statuses.includes(item.status)) &&
        (!conditions.resourceTypes ||
          (item.resourceType !== null && conditions.resourceTypes.includes(item.resourceType))) &&
        within(item.createdAt.getTime(), conditions.createdAfter, conditions.createdBefore) &&
        within(item.updatedAt.getTime(), conditions.updatedAfter, conditions.updatedBefore),
    )
    .sort((a, b) => compareImports(a, b, order));
}

export async function requestStats(sim: SimulatorUnderTest): Promise<Record<string, number>> {
  return (await sim.control<{ requests: Record<string, number> }>('GET', '/__sim/stats')).requests;
}

export async function resetStats(sim: SimulatorUnderTest): Promise<void> {
  await sim.control('DELETE', '/__sim/stats');
}

export interface WalkOptions {
  size: number;
  forward: boolean;
  order: ImportOrder;
  conditions?: ImportConditions;
  /** Runs after each page with the position the walk has reached. */
  afterPage?: (reached: OrderPosition, pageIndex: number) => Promise<void>;
}

/**
 * Pages the source alone through the gateway's own merge (loadImportConnection), forward with
 * first/after or backward with last/before, checking pageInfo and full pages on the way.
 */
export async function walk(source: ImportSource, options: WalkOptions): Promise<Import[]> {
  const seen: Import[] = [];
  let cursor: string | null = null;
  for (let pageIndex = 0; pageIndex < 1000; pageIndex++) {
    const page = await loadImportConnection([source], {
      ...(options.forward ? { first: options.size, after: cursor } : { last: options.size, before: cursor }),
      conditions: options.conditions ?? {},
      orderBy: options.order,
    });
    expect(page.failures).toEqual([]);
    const nodes = page.edges.map((edge) => edge.node);
    if (options.forward) seen.push(...nodes);
    else seen.unshift(...nodes);
    const { hasNextPage, hasPreviousPage } = page.pageInfo;
    expect(options.forward ? hasPreviousPage : hasNextPage).toBe(cursor !== null);
    const more = options.forward ? hasNextPage : hasPreviousPage;
    if (more) expect(nodes).toHaveLength(options.size);
    if (!more) return seen;
    cursor = options.forward ? page.pageInfo.endCursor : page.pageInfo.startCursor;
    const edge = options.forward ? nodes[nodes.length - 1]! : nodes[0]!;
    const walkOrder: ImportOrder = options.forward
      ? options.order
      : { field: options.order.field, direction: options.order.direction === 'ASC' ? 'DESC' : 'ASC' };
    await options.afterPage?.(positionOf(edge, walkOrder.field), pageIndex);
  }
  throw new Error('walk did not end');
}

/** True when `item` comes after `position` in `order`. */
export function isAfter(item: Import, position: OrderPosition, order: ImportOrder): boolean {
  return comparePositions(positionOf(item, order.field), position, order.direction) > 0;
}

export const ids = (items: readonly Import[]) => items.map((item) => item.providerId);

export const ORDERS: ImportOrder[] = [
  { field: 'CREATED_AT', direction: 'DESC' },
  { field: 'CREATED_AT', direction: 'ASC' },
  { field: 'UPDATED_AT', direction: 'DESC' },
  { field: 'UPDATED_AT', direction: 'ASC' },
];

export interface RecordedExchange {
  method: string;
  /** Path and decoded query, e.g. `/api/imports?fields[imports]=status,...`. */
  path: string;
  status: number;
  body: string;
}

/**
 * A loopback HTTP proxy in front of the simulator that keeps every exchange, to see exactly what
 * the adaptor asks for and what it receives (real HTTP on both sides, nothing stubbed).
 * `rewriteBody` changes each answer on its way back: the vendor sending what the simulator (true
 * to today's documents) never does.
 */
export async function startRecordingProxy(
  target: string,
  rewriteBody: (body: string) => string = (body) => body,
) {
  const exchanges: RecordedExchange[] = [];
  const server = createServer((incoming, outgoing) => {
    void (async () => {
      const chunks: Buffer[] = [];
      for await (const chunk of incoming) chunks.push(chunk as Buffer);
      const headers: Record<string, string> = {};
      for (const name of ['authorization', 'accept', 'content-type']) {
        const value = incoming.headers[name];
        if (typeof value === 'string') headers[name] = value;
      }
      const response = await fetch(target + incoming.url, {
        method: incoming.method,
        headers,
        body: chunks.length > 0 ? Buffer.concat(chunks) : undefined,
      });
      const body = rewriteBody(await response.text());
      exchanges.push({
        method: incoming.method ?? '',
        path: decodeURIComponent(incoming.url ?? ''),
        status: response.status,
        body,
      });
      const forwarded: Record<string, string> = {};
      response.headers.forEach((value, name) => {
        if (name === 'content-type' || name.startsWith('x-ratelimit') || name === 'retry-after')
          forwarded[name] = value;
      });
      outgoing.writeHead(response.status, forwarded);
      outgoing.end(body);
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    exchanges,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

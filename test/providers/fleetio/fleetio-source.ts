import { expect } from 'vitest';
import type { Import } from '../../../src/imports/model.ts';
import {
  compareImports,
  positionOf,
  type ImportOrder,
  type OrderPosition,
} from '../../../src/imports/order.ts';
import type { ImportConditions, ImportSource } from '../../../src/imports/import-source.ts';
import { createFleetioSource } from '../../../src/providers/fleetio/source.ts';
import { importFromFleetio } from '../../../src/providers/fleetio/map.ts';
import type { FleetioImportWire } from '../../../src/providers/fleetio/wire.ts';
import type { SimulatorUnderTest } from '../../support/simulators.ts';
import { SIMULATOR_CREDENTIALS } from '../../support/secrets.ts';
import { capturingLogger } from '../../support/test-log.ts';

/** the README's default credentials of the Fleetio simulator. */
export const SIM_KEYS = {
  apiKey: SIMULATOR_CREDENTIALS.fleetioApiKey,
  accountToken: SIMULATOR_CREDENTIALS.fleetioAccountToken,
} as const;

/** The debug lines the adaptor logs (one per vendor request), kept for assertions. */
export interface CapturedLog {
  lines: Record<string, unknown>[];
  /** The query of every vendor request logged so far. */
  queries(): Record<string, string | number>[];
}

export function sourceFor(
  sim: SimulatorUnderTest,
  keys: { apiKey: string; accountToken: string } = SIM_KEYS,
  baseUrl = `${sim.url}/api`,
): { source: ImportSource; log: CapturedLog } {
  const captured = capturingLogger();
  const source = createFleetioSource({ baseUrl, ...keys, webhookSecret: undefined }, { log: captured.log });
  const lines = () => captured.lines.map((line) => JSON.parse(line) as Record<string, unknown>);
  const log: CapturedLog = {
    get lines() {
      return lines();
    },
    queries: () =>
      lines()
        .filter((line) => line.msg === 'fleetio request')
        .map((line) => line.query as Record<string, string | number>),
  };
  return { source, log };
}

/** The simulator's ground truth, mapped through the adaptor's own map. */
export async function groundTruth(sim: SimulatorUnderTest): Promise<Import[]> {
  const wire = await sim.control<FleetioImportWire[]>('GET', '/__sim/imports');
  return wire.map(importFromFleetio);
}

/** Vendor requests to `GET /api/v1/imports` since the last reset of the stats. */
export async function listRequests(sim: SimulatorUnderTest): Promise<number> {
  const stats = await sim.control<{ requests: Record<string, number> }>('GET', '/__sim/stats');
  return stats.requests['GET /api/v1/imports'] ?? 0;
}

export async function resetStats(sim: SimulatorUnderTest): Promise<void> {
  await sim.control('DELETE', '/__sim/stats');
}

/** What a filter keeps, written out independently of the adaptor's own predicate. */
export function expected(all: Import[], conditions: ImportConditions, order: ImportOrder): Import[] {
  const c = conditions;
  return all
    .filter(
      (item) =>
        (!c.statuses || c.statuses.includes(item.status)) &&
        (!c.resourceTypes || c.resourceTypes.includes(item.resourceType ?? '')) &&
        (c.createdAfter === undefined || +item.createdAt > c.createdAfter) &&
        (c.createdBefore === undefined || +item.createdAt < c.createdBefore) &&
        (c.updatedAfter === undefined || +item.updatedAt > c.updatedAfter) &&
        (c.updatedBefore === undefined || +item.updatedAt < c.updatedBefore),
    )
    .sort((a, b) => compareImports(a, b, order));
}

const reversed = (order: ImportOrder): ImportOrder => ({
  field: order.field,
  direction: order.direction === 'ASC' ? 'DESC' : 'ASC',
});

export interface Walk {
  items: Import[];
  pages: number;
}

/**
 * Pages through `list` the way the merged connection does (loadImportConnection): `size + 1` items
 * strictly after the last position, the extra one (or the source's `more`, said instead of it)
 * only telling whether there is more. Backward
 * walks read the reversed order from the end and turn each page round, prepending it.
 */
export async function walkList(
  source: ImportSource,
  order: ImportOrder,
  size: number,
  conditions: ImportConditions,
  direction: 'forward' | 'backward',
  beforePage?: (index: number, after: OrderPosition | undefined) => Promise<void>,
): Promise<Walk> {
  const walkOrder = direction === 'forward' ? order : reversed(order);
  const items: Import[] = [];
  let after: OrderPosition | undefined;
  for (let pages = 1; ; pages++) {
    if (pages > 1_000) throw new Error('the walk does not end');
    await beforePage?.(pages - 1, after);
    const listed = await source.list({ order: walkOrder, after, limit: size + 1, conditions });
    const page = listed.items.slice(0, size);
    if (direction === 'forward') items.push(...page);
    else items.unshift(...[...page].reverse());
    if (listed.items.length <= size && listed.more !== true) return { items, pages };
    expect(page).toHaveLength(size);
    after = positionOf(page[page.length - 1]!, order.field);
  }
}

export const ORDERS: ImportOrder[] = [
  { field: 'CREATED_AT', direction: 'DESC' },
  { field: 'CREATED_AT', direction: 'ASC' },
  { field: 'UPDATED_AT', direction: 'DESC' },
  { field: 'UPDATED_AT', direction: 'ASC' },
];
export const DIRECTIONS = ['forward', 'backward'] as const;

export const ids = (items: readonly Import[]) => items.map((item) => item.providerId);

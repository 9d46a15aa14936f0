import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Import } from '../../../src/imports/model.ts';
import type { ImportConditions } from '../../../src/imports/import-source.ts';
import { fleetioSimulator } from '../../../src/simulators/fleetio/index.ts';
import { useSimulator } from '../../support/simulators.ts';
import { DIRECTIONS, expected, groundTruth, ids, ORDERS, sourceFor, walkList } from './fleetio-source.ts';

/** Page sizes per filter: every size for two filters, two sizes for the rest, to stay quick. */
const SIZES_WITH: Record<string, number[]> = {
  statuses: [1, 7, 25, 100],
  pending: [1, 7],
  'resource types': [1, 25],
};

/** Filters with bounds placed exactly on imports' own instants, so an off-by-one shows. */
function filtersFor(all: Import[]): [string, ImportConditions][] {
  const created = [...new Set(all.map((item) => +item.createdAt))].sort((a, b) => a - b);
  const updated = [...new Set(all.map((item) => +item.updatedAt))].sort((a, b) => a - b);
  const at = (times: number[], share: number) => times[Math.floor(times.length * share)]!;
  return [
    ['statuses', { statuses: ['SUCCEEDED', 'FAILED'] }],
    // Two Fleetio statuses (`new`, `queued`) walked one per request and merged here.
    ['pending', { statuses: ['PENDING'] }],
    // Six Fleetio statuses: none sent, every one checked here.
    ['wide statuses', { statuses: ['SUCCEEDED', 'FAILED', 'PENDING'] }],
    ['live statuses', { statuses: ['PENDING', 'RUNNING', 'ROLLING_BACK'] }],
    ['created window', { createdAfter: at(created, 0.2), createdBefore: at(created, 0.7) }],
    ['updated window', { updatedAfter: at(updated, 0.3), updatedBefore: at(updated, 0.9) }],
    ['created after, updated before', { createdAfter: at(created, 0.1), updatedBefore: at(updated, 0.8) }],
    [
      'both windows',
      {
        createdAfter: at(created, 0.1),
        createdBefore: at(created, 0.9),
        updatedAfter: at(updated, 0.2),
        updatedBefore: at(updated, 0.95),
      },
    ],
    ['resource types', { resourceTypes: ['VehicleImport', 'FuelEntryImport'] }],
    [
      'mixed',
      {
        statuses: ['SUCCEEDED'],
        resourceTypes: ['VehicleImport', 'ServiceEntryImport', 'PartImport'],
        createdBefore: at(created, 0.8),
      },
    ],
  ];
}

describe('Fleetio source: filtered walks against the simulator', () => {
  // Over 100 imports, so pages of 100 have a second page.
  const sim = useSimulator(fleetioSimulator, { imports: 120, rateLimits: false });
  let all: Import[];
  let source: ReturnType<typeof sourceFor>['source'];
  beforeAll(async () => {
    all = await groundTruth(sim);
    source = sourceFor(sim).source;
  });
  afterAll(() => source.close());

  test('filtered walks equal the ground truth filtered, in every order and direction', async () => {
    for (const [label, conditions] of filtersFor(all)) {
      for (const order of ORDERS) {
        const want = ids(expected(all, conditions, order));
        expect(want.length, label).toBeGreaterThan(0);
        for (const size of SIZES_WITH[label] ?? [7, 25]) {
          for (const direction of DIRECTIONS) {
            const walk = await walkList(source, order, size, conditions, direction);
            expect(
              ids(walk.items),
              `${label}: ${order.field} ${order.direction} ${size} ${direction}`,
            ).toEqual(want);
          }
        }
      }
    }
  });
});

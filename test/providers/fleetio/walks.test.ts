import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Import } from '../../../src/imports/model.ts';
import { fleetioSimulator } from '../../../src/simulators/fleetio/index.ts';
import { useSimulator } from '../../support/simulators.ts';
import { DIRECTIONS, expected, groundTruth, ids, ORDERS, sourceFor, walkList } from './fleetio-source.ts';

describe('Fleetio source: walking the whole list against the simulator', () => {
  // Over 100 imports, so pages of 100 have a second page.
  const sim = useSimulator(fleetioSimulator, { imports: 120, rateLimits: false });
  let all: Import[];
  let source: ReturnType<typeof sourceFor>['source'];
  beforeAll(async () => {
    all = await groundTruth(sim);
    source = sourceFor(sim).source;
  });
  afterAll(() => source.close());

  test('the ground truth has ties on both time fields, so tie handling is exercised', () => {
    const tied = (of: (item: Import) => number) =>
      all.filter((item) => all.some((other) => other !== item && of(other) === of(item))).length;
    expect(tied((item) => +item.createdAt)).toBeGreaterThanOrEqual(2);
    expect(tied((item) => +item.updatedAt)).toBeGreaterThanOrEqual(2);
  });

  test('unfiltered walks, every order, both directions, pages of 1, 7, 25 and 100, equal the ground truth', async () => {
    for (const order of ORDERS) {
      const want = ids(expected(all, {}, order));
      for (const size of [1, 7, 25, 100]) {
        for (const direction of DIRECTIONS) {
          const walk = await walkList(source, order, size, {}, direction);
          expect(ids(walk.items), `${order.field} ${order.direction} ${size} ${direction}`).toEqual(want);
          expect(walk.pages).toBe(Math.max(1, Math.ceil(want.length / size)));
        }
      }
    }
  });
});

describe('Fleetio source: imports arriving during a walk', () => {
  const sim = useSimulator(fleetioSimulator, { imports: 80, rateLimits: false });

  test.each(ORDERS.filter((order) => order.field === 'CREATED_AT'))(
    'imports added before, at and after the cursor cause no repeat and no gap ($direction)',
    async (order) => {
      await sim.control('POST', '/__sim/reset');
      const { source } = sourceFor(sim);
      const before = await groundTruth(sim);
      const added: Import[] = [];
      const walk = await walkList(source, order, 7, {}, 'forward', async (index, after) => {
        if (index !== 3 || !after) return;
        const behind = before.find((item) => item.providerId === after.providerId)!;
        const times = before.map((item) => +item.createdAt).sort((a, b) => a - b);
        // One in the part already read, one at the cursor's very instant (a tie), one still ahead.
        const instants = [
          order.direction === 'DESC' ? times[times.length - 1]! - 1 : times[0]! + 1,
          +behind.createdAt,
        ];
        instants.push(order.direction === 'DESC' ? times[0]! + 1 : times[times.length - 1]! - 1);
        for (const at of instants) {
          const wire = await sim.control<{ id: number }>('POST', '/__sim/imports', {
            created_at: new Date(at).toISOString(),
            updated_at: new Date(at).toISOString(),
            status: 'complete',
          });
          added.push((await groundTruth(sim)).find((item) => item.providerId === String(wire.id))!);
        }
      });
      const seen = ids(walk.items);
      expect(new Set(seen).size).toBe(seen.length);
      // Every import that existed is read once; of the new ones, exactly those ahead of the cursor.
      const now = await groundTruth(sim);
      const cursorItem = walk.items[3 * 7 - 1]!;
      const ahead = (item: Import) => expected([item, cursorItem], {}, order)[0] === cursorItem;
      const addedIds = new Set(ids(added));
      const want = expected(
        now.filter((item) => !addedIds.has(item.providerId) || ahead(item)),
        {},
        order,
      );
      expect(seen).toEqual(ids(want));
      expect(added.filter(ahead)).toHaveLength(order.direction === 'DESC' ? 1 : 2);
      await source.close();
    },
  );
});

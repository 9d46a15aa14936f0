import { describe, expect, it } from 'vitest';
import { useGateway } from '../support/gateway.ts';
import { groundTruth, keyOf, sortTruth } from './ground-truth.ts';
import { walkImports } from './walk.ts';

const gateway = useGateway({ imports: 40 });

describe('imports connection across the three simulators', () => {
  for (const size of [1, 7, 25, 100]) {
    it(`walks forward and backward by ${size} in the total order, equal to the ground truth`, async () => {
      const truth = sortTruth(await groundTruth(gateway), 'CREATED_AT', 'DESC').map(keyOf);
      const forward = await walkImports(gateway, { size, forward: true });
      expect(forward.map(keyOf)).toEqual(truth);
      const backward = await walkImports(gateway, { size, forward: false });
      expect(backward.map(keyOf)).toEqual(truth);
    });
  }

  it('walks by updatedAt ascending', async () => {
    const orderBy = { field: 'UPDATED_AT', direction: 'ASC' } as const;
    const truth = sortTruth(await groundTruth(gateway), 'UPDATED_AT', 'ASC').map(keyOf);
    expect((await walkImports(gateway, { size: 13, forward: true, orderBy })).map(keyOf)).toEqual(truth);
  });

  it('applies filters exactly: a filtered walk is the full walk filtered', async () => {
    const all = await walkImports(gateway, { size: 100, forward: true });
    const middle = all[Math.floor(all.length / 2)]!.createdAt;
    const filters = [
      { statuses: ['SUCCEEDED', 'PARTIALLY_SUCCEEDED'] },
      { statuses: ['RUNNING', 'PENDING', 'ROLLED_BACK'] },
      { providers: ['COMMERCE_LAYER'], statuses: ['FAILED'] },
      { createdAfter: middle },
      { createdBefore: middle, statuses: ['FAILED', 'CANCELLED'] },
      { updatedAfter: middle },
      { providers: ['FLEETIO', 'SAILPOINT'] },
    ];
    for (const filter of filters) {
      const expected = all.filter(
        (item) =>
          (!filter.statuses || filter.statuses.includes(item.status)) &&
          (!filter.providers || filter.providers.includes(item.provider)) &&
          (!filter.createdAfter || item.createdAt > filter.createdAfter) &&
          (!filter.createdBefore || item.createdAt < filter.createdBefore) &&
          (!filter.updatedAfter || item.updatedAt > filter.updatedAfter),
      );
      const walked = await walkImports(gateway, { size: 9, forward: true, filter });
      expect(walked.map(keyOf), JSON.stringify(filter)).toEqual(expected.map(keyOf));
    }
  });

  it('neither repeats nor skips when imports arrive during a walk', async () => {
    const before = sortTruth(await groundTruth(gateway), 'CREATED_AT', 'DESC');
    // Halfway down, one new import lands at the very top (already passed: must not appear) and
    // one lands just below the current position (not reached yet: must appear once).
    const walked = await walkImports(gateway, {
      size: 10,
      forward: true,
      afterPage: async (pageIndex) => {
        if (pageIndex !== 3) return;
        const older = new Date(before[45]!.createdAt - 1).toISOString();
        await gateway.control('commercelayer', 'POST', '/__sim/imports', {
          status: 'completed',
          created_at: older,
        });
        const newest = new Date(before[0]!.createdAt + 60_000).toISOString();
        await gateway.control('fleetio', 'POST', '/__sim/imports', {
          status: 'complete',
          created_at: newest,
        });
      },
    });
    const after = sortTruth(await groundTruth(gateway), 'CREATED_AT', 'DESC');
    const newest = after[0]!;
    expect(keyOf(newest)).not.toBe(keyOf(before[0]!));
    expect(walked.map(keyOf)).toEqual(after.filter((item) => keyOf(item) !== keyOf(newest)).map(keyOf));
  });
});

import { describe, expect, test } from 'vitest';
import { createFleetioSimulator, fleetioSimulator } from '../../../src/simulators/fleetio/index.ts';
import { useSimulator, type SimulatorUnderTest } from '../../support/simulators.ts';
import { call, walk, type ImportRecord } from './fleetio-http.ts';

async function recordsOf(sim: SimulatorUnderTest, id: number): Promise<{ id: number }[]> {
  const redirect = await call(`${sim.url}/api/v1/imports/${id}/records`);
  expect(redirect.status).toBe(302);
  const stored = await call(redirect.headers.get('location')!, {});
  expect(stored.status).toBe(200);
  expect(stored.headers.get('content-type')).toBe('application/json');
  return stored.body as { id: number }[];
}

async function changedRecordIds(sim: SimulatorUnderTest, id: number): Promise<number[]> {
  // One status per request, as Fleetio's filter takes it.
  const walks = await Promise.all(
    ['created', 'updated'].map((status) =>
      walk<{ id: number; record_id: number | null }>(
        `${sim.url}/api/imports/${id}/results`,
        `per_page=100&sort[id]=asc&filter[status][include]=${status}`,
      ),
    ),
  );
  return walks
    .flatMap((walked) => walked.records)
    .sort((a, b) => a.id - b.id)
    .map((row) => row.record_id!);
}

describe('Fleetio simulator: records of an import', () => {
  const sim = useSimulator(fleetioSimulator, { imports: 40, rateLimits: false });

  test('only complete imports have records: the ones their rows created or updated', async () => {
    const imports = await sim.control<ImportRecord[]>('GET', '/__sim/imports');
    for (const item of imports) {
      const records = await recordsOf(sim, item.id);
      if (item.status === 'complete') {
        expect(records.length, `${item.id}`).toBeGreaterThan(0);
        expect(records.map((record) => record.id)).toEqual(await changedRecordIds(sim, item.id));
      } else {
        expect(records, `${item.id} ${item.status}`).toEqual([]);
      }
    }
  });

  test('a failed import had error rows and wrote nothing', async () => {
    const imports = await sim.control<ImportRecord[]>('GET', '/__sim/imports');
    const failed = imports.find((item) => item.status === 'failed')!;
    const { records } = await walk<{ status: string; message: string | null; record_id: number | null }>(
      `${sim.url}/api/imports/${failed.id}/results`,
      'per_page=100',
    );
    expect(records.some((row) => row.status === 'error' && row.message !== null)).toBe(true);
    expect(
      records.every(
        (row) => row.status === 'error' || (row.status === 'unaffected' && row.record_id === null),
      ),
    ).toBe(true);
  });
});

describe('Fleetio simulator: records of partially complete imports, when configured', () => {
  const sim = useSimulator(createFleetioSimulator({ recordsForPartiallyComplete: true }), {
    imports: 40,
    rateLimits: false,
  });

  test('recordsForPartiallyComplete returns their created and updated records', async () => {
    const imports = await sim.control<ImportRecord[]>('GET', '/__sim/imports');
    const partial = imports.find((item) => item.status === 'partially_complete')!;
    const records = await recordsOf(sim, partial.id);
    expect(records.length).toBeGreaterThan(0);
    expect(records.map((record) => record.id)).toEqual(await changedRecordIds(sim, partial.id));
  });
});

import { describe, expect, test } from 'vitest';
import { fleetioSimulator } from '../../../src/simulators/fleetio/index.ts';
import { useSimulator } from '../../support/simulators.ts';
import { call, type ImportRecord } from './fleetio-http.ts';

describe('Fleetio simulator: determinism', () => {
  const first = useSimulator(fleetioSimulator, { seed: 7, rateLimits: false });
  const second = useSimulator(fleetioSimulator, { seed: 7, rateLimits: false });
  const other = useSimulator(fleetioSimulator, { seed: 8, rateLimits: false });

  test('the same seed and a manual clock give the same imports, rows and records', async () => {
    const [a, b] = await Promise.all(
      [first, second].map((sim) => sim.control<ImportRecord[]>('GET', '/__sim/imports')),
    );
    expect(a).toHaveLength(60);
    expect(a).toEqual(b);
    const c = await other.control<ImportRecord[]>('GET', '/__sim/imports');
    expect(c).not.toEqual(a);

    await Promise.all([first, second].map((sim) => sim.advance(75_000)));
    await Promise.all([first, second].map((sim) => sim.control('POST', '/__sim/imports', { status: 'new' })));
    await Promise.all([first, second].map((sim) => sim.advance(200_000)));
    const [later, laterToo] = await Promise.all(
      [first, second].map((sim) => sim.control<ImportRecord[]>('GET', '/__sim/imports')),
    );
    expect(later).toEqual(laterToo);
    expect(later).not.toEqual(a);

    const complete = later!.find((item) => item.status === 'complete')!;
    const [rows, rowsToo] = await Promise.all(
      [first, second].map(
        async (sim) => (await call(`${sim.url}/api/imports/${complete.id}/results?per_page=100`)).body,
      ),
    );
    expect(rows).toEqual(rowsToo);
    const [records, recordsToo] = await Promise.all(
      [first, second].map(async (sim) => {
        const redirect = await call(`${sim.url}/api/v1/imports/${complete.id}/records`);
        return (await call(redirect.headers.get('location')!, {})).body;
      }),
    );
    expect(records).toEqual(recordsToo);
  });
});

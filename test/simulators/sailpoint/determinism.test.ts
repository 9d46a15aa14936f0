import { afterAll, describe, expect, it } from 'vitest';
import { startVendorSimulator, type RunningSimulator } from '../../../src/simulators/core/server.ts';
import { sailpointSimulator } from '../../../src/simulators/sailpoint/index.ts';
import { exportDocument, importForm, postImport, token } from './sailpoint-api.ts';

describe('SailPoint simulator determinism', () => {
  const started: RunningSimulator[] = [];
  const start = async (seed: number) => {
    const simulator = await startVendorSimulator(sailpointSimulator, { clock: 'manual', quiet: true, seed });
    started.push(simulator);
    return simulator;
  };
  const snapshot = async (simulator: RunningSimulator): Promise<unknown> => {
    const body: unknown = await (await fetch(`${simulator.url}/__sim/imports`)).json();
    return body;
  };
  afterAll(async () => {
    await Promise.all(started.map((simulator) => simulator.close()));
  });

  it('gives identical jobs for the same seed, also after the same calls and clock moves', async () => {
    const [first, second, other] = [await start(42), await start(42), await start(43)];
    expect(await snapshot(first)).toEqual(await snapshot(second));
    expect(await snapshot(first)).not.toEqual(await snapshot(other));
    for (const simulator of [first, second]) {
      const document = exportDocument([{ type: 'SOURCE', id: 's1', name: 'Workday HR' }]);
      await postImport(simulator.url, await token(simulator.url), importForm(document));
      simulator.clock.advance(90_000);
    }
    expect(await snapshot(first)).toEqual(await snapshot(second));
  });
});

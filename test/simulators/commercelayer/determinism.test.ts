import { describe, expect, it } from 'vitest';
import { commerceLayerSimulator } from '../../../src/simulators/commercelayer/index.ts';
import { useSimulator } from '../../support/simulators.ts';
import type { ImportResource } from './client.ts';

describe('Commerce Layer seeded data is deterministic', () => {
  const first = useSimulator(commerceLayerSimulator, { seed: 7 });
  const second = useSimulator(commerceLayerSimulator, { seed: 7 });
  const other = useSimulator(commerceLayerSimulator, { seed: 8 });

  it('the same seed and a manual clock give identical imports, at start and after time passes', async () => {
    const snapshot = () =>
      Promise.all([first, second].map((sim) => sim.control<ImportResource[]>('GET', '/__sim/imports')));
    const [a, b] = await snapshot();
    expect(a).toHaveLength(60);
    expect(a).toEqual(b);
    await Promise.all([first.advance(95_000), second.advance(95_000)]);
    const [c, d] = await snapshot();
    expect(c).toEqual(d);
    expect(c).not.toEqual(a);
  });

  it('another seed gives other imports', async () => {
    const ids = async (sim: typeof first) =>
      (await sim.control<ImportResource[]>('GET', '/__sim/imports')).map((item) => item.id);
    expect(await ids(first)).not.toEqual(await ids(other));
  });
});

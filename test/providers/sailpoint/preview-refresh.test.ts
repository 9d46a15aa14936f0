import { describe, expect, it } from 'vitest';
import { createSailpointSimulator } from '../../../src/simulators/sailpoint/index.ts';
import { useSimulator } from '../../support/simulators.ts';
import { exportDocument } from '../../simulators/sailpoint/sailpoint-api.ts';
import { useSailpointSource } from './support.ts';

describe('SailPoint source: a preview stays a preview when refreshed', () => {
  const sim = useSimulator(createSailpointSimulator({ tokenLifetimeSeconds: 86_400 }), {
    imports: 0,
    rateLimits: false,
  });
  const gateway = useSailpointSource(sim);

  it('keeps preview through the refresh that sees the job finish', async () => {
    const document = exportDocument([{ type: 'TRANSFORM', id: '2cd0a1f3e8b94c0b', name: 'Lower Email' }]);
    const created = await gateway.source.create!({ document, preview: true });
    const [job] = created.imports;
    expect(job).toMatchObject({ preview: true, terminal: false });
    await sim.advance(5 * 60_000);
    gateway.now += 5_000;
    const listed = await gateway.source.list({
      order: { field: 'CREATED_AT', direction: 'DESC' },
      limit: 10,
      conditions: {},
    });
    const refreshed = listed.items.find((item) => item.providerId === job!.providerId);
    expect(refreshed).toMatchObject({ terminal: true, preview: true });
  });
});

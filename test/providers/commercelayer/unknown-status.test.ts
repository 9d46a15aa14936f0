import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCommerceLayerSource } from '../../../src/providers/commercelayer/source.ts';
import type { ImportSource } from '../../../src/imports/import-source.ts';
import { commerceLayerSimulator } from '../../../src/simulators/commercelayer/index.ts';
import { capturingLogger } from '../../support/log-capture.ts';
import { useSimulator } from '../../support/simulators.ts';
import { settingsFor, startRecordingProxy } from './support.ts';

describe('Commerce Layer source: a status the resource schema does not list', () => {
  const sim = useSimulator(commerceLayerSimulator, { imports: 40, rateLimits: false });
  const capture = capturingLogger('warn');
  let proxy: Awaited<ReturnType<typeof startRecordingProxy>>;
  let source: ImportSource;
  beforeAll(async () => {
    // The vendor adding a status is a change to its answers, which the simulator cannot make.
    proxy = await startRecordingProxy(sim.url, (body) =>
      body.replaceAll('"status":"completed"', '"status":"archived"'),
    );
    source = createCommerceLayerSource(settingsFor(proxy.url), { log: capture.log });
  });
  afterAll(async () => {
    await source.close();
    await proxy.close();
  });

  it('reads it as RUNNING, not terminal, and warns once however many imports and lists show it', async () => {
    const request = {
      order: { field: 'CREATED_AT', direction: 'DESC' },
      limit: 100,
      conditions: {},
    } as const;
    const first = await source.list(request);
    const renamed = first.items.filter((item) => item.providerStatus === 'archived');
    expect(renamed.length).toBeGreaterThan(1);
    for (const item of renamed) expect(item).toMatchObject({ status: 'RUNNING', terminal: false });
    await source.list(request);
    await source.get(renamed.map(({ providerId }) => ({ providerId })));
    const warnings = capture.entries().filter((entry) => entry.providerStatus !== undefined);
    expect(warnings.map((entry) => [entry.level, entry.provider, entry.providerStatus])).toEqual([
      [40, 'COMMERCE_LAYER', 'archived'],
    ]);
  });
});

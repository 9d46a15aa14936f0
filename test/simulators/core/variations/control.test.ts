import { describe, expect, it } from 'vitest';
import { NOWHERE, type WireProfile } from '../../../../src/simulators/core/variations/profile.ts';
import type { VendorFactory } from '../../../../src/simulators/core/vendor.ts';
import { findObjects } from '../../../../src/simulators/core/variations/find-objects.ts';
import { useSimulator } from '../../../support/simulators.ts';
import { fixtureVendor } from '../fixture-vendor.ts';
import { canonical } from './canonical.ts';

const profile: WireProfile = {
  openObjects: /^(|things\[\])$/,
  omittableNulls: NOWHERE,
  timestamps: /^things\[\]\.updated_at$/,
  timestampStyle: { offsets: true, fractionDigits: [0, 3, 6] },
  keptMemberOrder: NOWHERE,
  unorderedArrays: NOWHERE,
  semantic: {
    imports: (body) =>
      findObjects(body, (object) => typeof object.status === 'string').map((thing) => ({
        id: String(thing.id),
        fields: thing,
      })),
    statusField: 'status',
    unknownStatuses: ['paused'],
    nullableCounts: [],
    emptiableLists: NOWHERE,
  },
};
const varyingVendor: VendorFactory = (context) => ({ ...fixtureVendor(context), variations: profile });

const sim = useSimulator(varyingVendor, { imports: 30, rateLimits: false });
const started = useSimulator(varyingVendor, { imports: 3, variations: { seed: 4 } });
const text = async (url: string) => (await fetch(`${url}/things`)).text();

describe('GET/PUT /__sim/variations', () => {
  it('is off by default, and on from the start with SimulatorOptions.variations', async () => {
    expect(await sim.control('GET', '/__sim/variations')).toEqual({
      enabled: false,
      seed: 1,
      kinds: ['representational'],
    });
    expect(await started.control('GET', '/__sim/variations')).toEqual({
      enabled: true,
      seed: 4,
      kinds: ['representational'],
    });
  });

  it('varies how vendor answers are written, the same way for the same request, and stops', async () => {
    const plain = await text(sim.url);
    await sim.control('PUT', '/__sim/variations', { enabled: true, seed: 7 });
    const varied = await text(sim.url);
    expect(varied).not.toBe(plain);
    expect(await text(sim.url)).toBe(varied);
    expect(canonical(JSON.parse(varied), profile)).toEqual(canonical(JSON.parse(plain), profile));
    expect(await sim.control('GET', '/__sim/imports')).toEqual(
      (JSON.parse(plain) as { things: unknown[] }).things,
    );
    await sim.control('PUT', '/__sim/variations', { seed: 8 });
    expect(await text(sim.url)).not.toBe(varied);
    await sim.control('PUT', '/__sim/variations', { enabled: false });
    expect(await text(sim.url)).toBe(plain);
  });

  it('changes meaning with the semantic kind, in the answers and the ground truth alike', async () => {
    await sim.control('PUT', '/__sim/variations', { enabled: true, seed: 3, kinds: ['semantic'] });
    const { things } = JSON.parse(await text(sim.url)) as { things: { status: string }[] };
    expect(things.filter((thing) => thing.status === 'paused').length).toBeGreaterThan(0);
    expect(await sim.control('GET', '/__sim/imports')).toEqual(things);
    await sim.control('PUT', '/__sim/variations', { enabled: false, kinds: ['representational'] });
  });

  it('refuses bad settings with a reason and keeps the current ones', async () => {
    for (const [body, reason] of [
      [{ enabled: 'yes' }, 'enabled must be true or false.'],
      [{ seed: -1 }, 'seed must be a whole number from 0 to 4294967295.'],
      [{ kinds: ['cosmetic'] }, 'kinds must be a non-empty list of representational, semantic.'],
      [{ colour: 'red' }, 'Unknown variation keys: colour.'],
      [[], 'The variation settings must be a JSON object.'],
    ] as const) {
      const response = await fetch(`${sim.url}/__sim/variations`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      expect(response.status).toBe(400);
      expect(await response.json()).toEqual({ error: reason });
    }
    expect(await sim.control('GET', '/__sim/variations')).toMatchObject({ enabled: false });
  });
});

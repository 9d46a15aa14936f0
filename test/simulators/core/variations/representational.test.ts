import { describe, expect, it } from 'vitest';
import { SeededRandom } from '../../../../src/simulators/core/random.ts';
import type { WireProfile } from '../../../../src/simulators/core/variations/profile.ts';
import { varyRepresentation } from '../../../../src/simulators/core/variations/representational.ts';
import { commerceLayerVariations } from '../../../../src/simulators/commercelayer/variations.ts';
import { fleetioVariations } from '../../../../src/simulators/fleetio/variations.ts';
import { sailpointVariations } from '../../../../src/simulators/sailpoint/variations.ts';
import { canonical, memberPaths } from './canonical.ts';
import { commerceLayerList, fleetioPage, sailpointResults } from './samples.ts';

const CASES: [string, WireProfile, unknown][] = [
  ['Commerce Layer', commerceLayerVariations, commerceLayerList],
  ['Fleetio', fleetioVariations, fleetioPage],
  ['SailPoint', sailpointVariations, sailpointResults],
];
const SEEDS = Array.from({ length: 40 }, (_, index) => index * 7919 + 1);
const vary = (body: unknown, profile: WireProfile, seed: number) =>
  varyRepresentation(body, profile, new SeededRandom(seed, 'GET /list'));

describe.each(CASES)('representational variations of %s answers', (_name, profile, body) => {
  it('are the same for the same seed and stream, and differ between seeds', () => {
    const texts = SEEDS.map((seed) => JSON.stringify(vary(body, profile, seed)));
    expect(SEEDS.map((seed) => JSON.stringify(vary(body, profile, seed)))).toEqual(texts);
    expect(new Set(texts).size).toBeGreaterThan(SEEDS.length / 2);
    expect(texts).not.toContain(JSON.stringify(body));
  });

  it('say what the original says', () => {
    const original = JSON.stringify(body);
    for (const seed of SEEDS)
      expect(canonical(vary(body, profile, seed), profile)).toEqual(canonical(body, profile));
    expect(JSON.stringify(body)).toBe(original);
  });

  it('add members only to open objects and leave out only optional nulls', () => {
    const before = new Set(memberPaths(body));
    for (const seed of SEEDS) {
      const after = memberPaths(vary(body, profile, seed));
      for (const path of after.filter((path) => !before.has(path))) {
        const parent = path.slice(0, Math.max(0, path.lastIndexOf('.')));
        expect(path, path).toMatch(/(^|\.)variation_[0-9a-f]{6}(\.|\[\]|$)/);
        if (/(^|\.)variation_[0-9a-f]{6}$/.test(path))
          expect(profile.openObjects.test(parent), path).toBe(true);
      }
      const kept = new Set(after);
      for (const path of [...before].filter((path) => !kept.has(path))) {
        expect(profile.omittableNulls.test(path), path).toBe(true);
      }
    }
  });
});

describe('Commerce Layer logs', () => {
  it('keep their member order, which the gateway pages messages by', () => {
    const keys = (body: unknown) => {
      const attributes = (body as typeof commerceLayerList).data[1]!.attributes;
      return [Object.keys(attributes.errors_log), Object.keys(attributes.errors_log.ABC)];
    };
    for (const seed of SEEDS)
      expect(keys(vary(commerceLayerList, commerceLayerVariations, seed))).toEqual(keys(commerceLayerList));
  });
});

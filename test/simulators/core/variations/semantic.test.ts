import { describe, expect, it } from 'vitest';
import { varyMeaning } from '../../../../src/simulators/core/variations/semantic.ts';
import { commerceLayerVariations } from '../../../../src/simulators/commercelayer/variations.ts';
import { COUNT_ATTRIBUTES } from '../../../../src/simulators/commercelayer/model.ts';
import { fleetioVariations } from '../../../../src/simulators/fleetio/variations.ts';
import { commerceLayerList, fleetioPage } from './samples.ts';

type Resource = (typeof commerceLayerList.data)[number];

/** Many imports, so every kind of change shows up at least once. */
const many: Resource[] = Array.from({ length: 200 }, (_, index) => ({
  ...commerceLayerList.data[1]!,
  id: `imp${index}`,
}));
const KNOWN = ['pending', 'in_progress', 'completed', 'interrupted'];

describe('semantic variations', () => {
  it('change each import the same way in a list, a single document and the ground truth', () => {
    const list = varyMeaning(
      { data: many, meta: {} },
      commerceLayerVariations.semantic,
      9,
      'commercelayer',
    ) as {
      data: Resource[];
    };
    const truth = varyMeaning(many, commerceLayerVariations.semantic, 9, 'commercelayer') as Resource[];
    expect(truth).toEqual(list.data);
    for (const resource of many.slice(0, 20)) {
      const single = varyMeaning(
        { data: resource },
        commerceLayerVariations.semantic,
        9,
        'commercelayer',
      ) as {
        data: Resource;
      };
      expect(single.data).toEqual(truth.find((item) => item.id === resource.id));
    }
  });

  it('report statuses the vendor could add and null counts for some imports, and leave the rest', () => {
    const truth = varyMeaning(many, commerceLayerVariations.semantic, 9, 'commercelayer') as Resource[];
    const unknown = truth.filter((resource) => !KNOWN.includes(resource.attributes.status));
    const nulled = truth.filter((resource) => resource.attributes.errors_count === null);
    expect(unknown.length).toBeGreaterThan(10);
    expect(unknown.length).toBeLessThan(100);
    expect(new Set(unknown.map((resource) => resource.attributes.status))).toEqual(
      new Set(['queued', 'on_hold']),
    );
    expect(nulled.length).toBeGreaterThan(10);
    for (const resource of nulled) {
      const attributes = resource.attributes as Record<string, unknown>;
      const present = COUNT_ATTRIBUTES.filter((count) => count in attributes);
      expect(present.length).toBe(4);
      for (const count of present) expect(attributes[count]).toBeNull();
    }
    const untouched = truth.filter((resource) => !unknown.includes(resource) && !nulled.includes(resource));
    expect(untouched.length).toBeGreaterThan(50);
    for (const resource of untouched) expect(resource).toEqual(many.find((item) => item.id === resource.id));
    expect(many[0]!.attributes.status).toBe('completed');
  });

  it('depend on the seed', () => {
    const statuses = (seed: number) =>
      (varyMeaning(many, commerceLayerVariations.semantic, seed, 'commercelayer') as Resource[]).map(
        (resource) => resource.attributes.status,
      );
    expect(statuses(9)).toEqual(statuses(9));
    expect(statuses(9)).not.toEqual(statuses(10));
  });

  it('send optional lists empty', () => {
    const page = varyMeaning(fleetioPage, fleetioVariations.semantic, 9, 'fleetio') as typeof fleetioPage;
    expect(page.filtered_by).toEqual([]);
    expect(page.sorted_by).toEqual([]);
    expect(page.records).toHaveLength(2);
  });
});

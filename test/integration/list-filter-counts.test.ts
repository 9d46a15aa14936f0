import { beforeAll, describe, expect, it } from 'vitest';
import { useGateway } from '../support/gateway.ts';
import { addSettledCommerceLayerImport, vendorRequests } from '../support/commercelayer-imports.ts';

/**
 * `totalCount` of a list filtered by `groupId` where Commerce Layer can only be asked for a
 * superset (`reference_start`) and the gateway checks each import over a few vendor pages: the
 * count covers what the list checked, so it is never below the rows the page shows.
 */
const gateway = useGateway({ imports: 40 });

interface Listed {
  imports: {
    totalCount: number;
    totalCountPrecision: string;
    sources: { provider: string; state: string }[];
    nodes: { id: string }[];
    pageInfo: { hasNextPage: boolean };
  };
}

const LIST = `query ($filter: ImportFilter, $first: Int) {
  imports(first: $first, filter: $filter) {
    totalCount totalCountPrecision
    sources { provider state }
    nodes { id }
    pageInfo { hasNextPage }
  }
}`;

const at = (minutes: number) => new Date(Date.UTC(2026, 5, 1, 12, minutes)).toISOString();

/**
 * `parts` parts of group `groupId`, newer than `others` parts of a group whose id begins with
 * `<groupId>-` (so the vendor's `reference_start` returns them too): answers the parts' global ids.
 * A split has 2 parts at least (a `1/1` mark is no group), so a lone part says `1/2`.
 */
async function splitsSharingAPrefix(options: {
  groupId: string;
  parts: number;
  others: number;
  from: number;
}): Promise<string[]> {
  const { groupId, parts, others, from } = options;
  const other = `${groupId}-x`;
  const adds = [
    ...Array.from(
      { length: others },
      (_, index) => () =>
        addSettledCommerceLayerImport(gateway, {
          reference: `${other}-${index + 1}`,
          metadata: { group_id: other, progress_number: `${index + 1}/${others}` },
          created_at: at(from + index),
        }),
    ),
    ...Array.from(
      { length: parts },
      (_, index) => () =>
        addSettledCommerceLayerImport(gateway, {
          reference: `${groupId}-${index + 1}`,
          metadata: { group_id: groupId, progress_number: `${index + 1}/${Math.max(parts, 2)}` },
          created_at: at(from + others + index),
        }),
    ),
  ];
  const ids: string[] = [];
  for (let start = 0; start < adds.length; start += 10)
    ids.push(...(await Promise.all(adds.slice(start, start + 10).map((add) => add()))));
  return ids.slice(others);
}

const commerceLayerState = (listed: Listed['imports']) =>
  listed.sources.find((source) => source.provider === 'COMMERCE_LAYER')!.state;

describe('totalCount of a groupId list checked by the gateway', () => {
  let newest: string[] = [];
  let fitting: string[] = [];
  let filling: string[] = [];
  beforeAll(async () => {
    // One part newer than 110 imports of another group: the list finds it on its first vendor
    // page and stops after 4 of the 5 pages of the superset.
    newest = await splitsSharingAPrefix({ groupId: 'fresh', parts: 1, others: 110, from: 200 });
    // 12 parts and 20 others: the superset is 2 vendor pages, the list needs only the first.
    fitting = await splitsSharingAPrefix({ groupId: 'pair', parts: 12, others: 20, from: 400 });
    // 12 parts newer than 110 others: the list fills its page from the first vendor page.
    filling = await splitsSharingAPrefix({ groupId: 'many', parts: 12, others: 110, from: 500 });
    await gateway.graphql(LIST, { first: 1 }); // tokens and the tie-order probe, once per gateway
  });

  it('counts the newest match a cut check shows: totalCount is never below the rows shown', async () => {
    await gateway.resetStats();
    const response = await gateway.graphql<Listed>(LIST, { filter: { groupId: 'fresh' }, first: 10 });
    expect(response.errors).toBeUndefined();
    const page = response.data!.imports;
    expect(page.nodes.map((node) => node.id)).toEqual(newest);
    expect(commerceLayerState(page)).toBe('INCOMPLETE');
    expect(page.totalCount).toBe(1);
    expect(page.totalCountPrecision).toBe('AT_LEAST');
    // The count is what the list checked: its 4 vendor pages, no second reading for the count.
    expect((await vendorRequests(gateway)).commercelayer).toBeLessThanOrEqual(4);
  });

  it('counts a page filled from the first vendor page at least as the rows shown, when the superset is long', async () => {
    const response = await gateway.graphql<Listed>(LIST, { filter: { groupId: 'many' }, first: 5 });
    expect(response.errors).toBeUndefined();
    const page = response.data!.imports;
    expect(page.nodes).toHaveLength(5);
    expect(filling).toEqual(expect.arrayContaining(page.nodes.map((node) => node.id)));
    expect(page.pageInfo.hasNextPage).toBe(true);
    expect(page.totalCount).toBeGreaterThanOrEqual(page.nodes.length);
    expect(page.totalCount).toBeLessThanOrEqual(filling.length);
    expect(page.totalCountPrecision).toBe('AT_LEAST');
  });

  it('still counts exactly when the whole superset fits in the few pages a check may read', async () => {
    const response = await gateway.graphql<Listed>(LIST, { filter: { groupId: 'pair' }, first: 5 });
    expect(response.errors).toBeUndefined();
    const page = response.data!.imports;
    expect(page.nodes).toHaveLength(5);
    expect(commerceLayerState(page)).toBe('OK');
    expect(page.totalCount).toBe(fitting.length);
    expect(page.totalCountPrecision).toBe('EXACT');
  });
});

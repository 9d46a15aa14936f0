import { beforeAll, describe, expect, it } from 'vitest';
import { useGateway } from '../support/gateway.ts';
import { addSettledCommerceLayerImport, vendorRequests } from '../support/commercelayer-imports.ts';

/**
 * A `groupId` list the gateway checks itself (Commerce Layer is asked for a superset) over imports
 * that all share one instant: the check finds no instant to stop before within its tie guard of
 * 40 vendor pages, and fails Commerce Layer with a clear error rather than claim a position.
 */
const gateway = useGateway({ imports: 40 });

interface Listed {
  imports: {
    sources: {
      provider: string;
      state: string;
      error: { code: string; message: string; retryable: boolean } | null;
    }[];
    nodes: { id: string; provider: string }[];
  };
}

const LIST = `query ($filter: ImportFilter, $first: Int) {
  imports(first: $first, filter: $filter) {
    sources { provider state error { code message retryable } }
    nodes { id provider }
  }
}`;

const TIED_AT = new Date(Date.UTC(2026, 5, 2, 8, 0)).toISOString();
/** One more than the guard's 40 pages of 25, so the vendor's list has not ended there. */
const TIED = 40 * 25 + 1;

describe('a checked list whose imports all share one instant', () => {
  beforeAll(async () => {
    // Parts of group `tie-x`: their references begin `tie-`, so `groupId: "tie"` asks for them all.
    const adds = Array.from(
      { length: TIED },
      (_, index) => () =>
        addSettledCommerceLayerImport(gateway, {
          reference: `tie-x-${index + 1}`,
          metadata: { group_id: 'tie-x', progress_number: `${index + 1}/${TIED}` },
          created_at: TIED_AT,
        }),
    );
    for (let start = 0; start < adds.length; start += 20)
      await Promise.all(adds.slice(start, start + 20).map((add) => add()));
    await gateway.graphql(LIST, { first: 1 }); // tokens and the tie-order probe, once per gateway
  }, 120_000);

  it('fails Commerce Layer with an error naming the instant; the other vendors still answer', async () => {
    await gateway.resetStats();
    const response = await gateway.graphql<Listed>(LIST, { filter: { groupId: 'tie' }, first: 10 });
    const { sources, nodes } = response.data!.imports;
    const commerceLayer = sources.find((source) => source.provider === 'COMMERCE_LAYER')!;
    expect(commerceLayer.state).toBe('FAILED');
    expect(commerceLayer.error).toMatchObject({ code: 'UPSTREAM_ERROR', retryable: false });
    expect(commerceLayer.error!.message).toBe(
      `Commerce Layer: 1000 imports share one createdAt (${TIED_AT}), more than the gateway can page ` +
        'through while it checks `filter.reference` or `filter.groupId` itself. Leave that instant out ' +
        'with a time filter, or order by the other time field.',
    );
    expect(response.errors?.map((error) => error.message)).toEqual([commerceLayer.error!.message]);
    expect(sources.filter((source) => source.provider !== 'COMMERCE_LAYER').map((s) => s.state)).toEqual([
      'OK',
      'OK',
    ]);
    expect(nodes).toEqual([]);
    // The guard's 40 pages, never the whole history.
    expect((await vendorRequests(gateway)).commercelayer).toBeLessThanOrEqual(40);
  });
});

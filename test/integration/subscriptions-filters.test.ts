import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeImportId } from '../../src/imports/global-id.ts';
import { useGateway } from '../support/gateway.ts';
import {
  addCommerceLayerImport,
  stepUntil,
  subscribeWs,
  wsClient,
  type Subscription,
} from '../support/live-clients.ts';
import { changesOf, COMMERCE_LAYER_ONLY, RESUMABLE_CHANGES, untilLive, type Changes } from './resume.ts';

/**
 * `importsChanged(filter: { ids | reference | groupId })` over a real WebSocket (graphql-ws):
 * each filtered subscriber hears the changes of the imports it selects and no other, while an
 * unfiltered witness hears them all; over the limits, the subscription is refused before it starts.
 */
const gateway = useGateway({
  providers: ['commercelayer'],
  imports: 5,
  gateway: { live: { activePollMs: 30, idlePollMs: 120, changePollMs: 40 } },
});

let client: ReturnType<typeof wsClient>;
beforeAll(() => {
  client = wsClient(gateway.url);
});
afterAll(async () => {
  await client.dispose();
});

interface FilteredChange {
  eventId: string;
  kind: string;
  import: {
    id: string;
    providerId: string;
    status: string;
    reference: string | null;
    group: { id: string; part: number; parts: number } | null;
  };
}
type Filtered = Subscription<{ importsChanged: FilteredChange }>;

const FILTERED_CHANGES = `subscription ($filter: ImportFilter, $after: String) {
  importsChanged(filter: $filter, after: $after) {
    eventId kind
    import { id providerId status reference group { id part parts } }
  }
}`;

const changes = (subscription: Filtered) => subscription.data.map((data) => data.importsChanged);

interface ClResource {
  id: string;
  attributes: { created_at: string };
}

/**
 * A Commerce Layer import that completed at the simulator's now (so it never moves with the clock,
 * and no timestamp of it lies ahead of the change poll's mark), added in the simulator.
 */
async function addSettled(attributes: Record<string, unknown>): Promise<{ id: string; providerId: string }> {
  const { now } = await gateway.control<{ now: string }>('commercelayer', 'GET', '/__sim/clock');
  const added = await gateway.control<ClResource>('commercelayer', 'POST', '/__sim/imports', {
    status: 'completed',
    resource_type: 'skus',
    inputs_size: 5,
    created_at: now,
    started_at: now,
    completed_at: now,
    ...attributes,
  });
  const id = encodeImportId({
    provider: 'COMMERCE_LAYER',
    providerId: added.id,
    createdAt: new Date(added.attributes.created_at),
  });
  return { id, providerId: added.id };
}

const part = (group: string, number: number, parts: number) => ({
  reference: `${group}-${number}`,
  metadata: { group_id: group, progress_number: `${number}/${parts}` },
});

describe('importsChanged filtered by reference, groupId and ids', () => {
  it('gives each subscriber the changes of the imports it selects, and no other', async () => {
    // Imports that move with the clock: two the ids filter names, one it does not.
    const named = [await addCommerceLayerImport(gateway, 5), await addCommerceLayerImport(gateway, 5)];
    const unnamed = await addCommerceLayerImport(gateway, 5);

    const witness: Changes = subscribeWs(client, RESUMABLE_CHANGES, { filter: COMMERCE_LAYER_ONLY });
    await untilLive(gateway, witness);
    // Filtered subscribers start after the witness's last event: what happens from here on reaches
    // them whether they are live yet or not (the event log replays it), so no event falls between.
    const after = changesOf(witness).at(-1)!.eventId;
    const byReference: Filtered = subscribeWs(client, FILTERED_CHANGES, {
      filter: { reference: 'ERP-LIVE-1' },
      after,
    });
    const byGroup: Filtered = subscribeWs(client, FILTERED_CHANGES, {
      filter: { groupId: 'live-batch' },
      after,
    });
    const byIds: Filtered = subscribeWs(client, FILTERED_CHANGES, {
      filter: { ids: named.map((one) => one.id) },
      after,
    });

    // Near misses first, then the matches.
    const decoys = [
      await addSettled({ reference: 'ERP-LIVE-10' }),
      await addSettled({ reference: 'erp-live-1' }),
      await addSettled({ reference: 'ERP-LIVE-1 ' }),
      await addSettled(part('live-batch-2', 1, 2)),
      await addSettled(part('live', 1, 2)),
      await addSettled({ reference: 'live-batch-1' }), // the reference of a part, without its marks
    ];
    const referenced = [await addSettled({ reference: 'ERP-LIVE-1' })];
    const parts = [await addSettled(part('live-batch', 1, 2)), await addSettled(part('live-batch', 2, 2))];
    referenced.push(await addSettled({ ...part('live-batch-x', 1, 2), reference: 'ERP-LIVE-1' }));

    // The clock moves the three pending imports to their end; the ids filter hears two of them.
    const doneWith = (providerId: string) => (subscription: Changes) =>
      changesOf(subscription).some(
        (change) => change.import.providerId === providerId && change.import.status === 'SUCCEEDED',
      );
    await stepUntil(gateway, witness, (s) => [...named, unnamed].every((one) => doneWith(one.providerId)(s)));
    // Last, a deletion of a named import: once it arrives, every earlier event was offered to byIds.
    const deleted = await gateway.graphql<{ deleteImport: { deletedId: string | null } }>(
      'mutation ($id: ID!) { deleteImport(input: { id: $id }) { deletedId } }',
      { id: named[1]!.id },
    );
    expect(deleted.data?.deleteImport.deletedId).toBe(named[1]!.id);

    // Each subscriber's last expected event came after every other event it must not hear.
    await byReference.until((s) => changes(s).some((c) => c.import.id === referenced[1]!.id));
    await byGroup.until((s) => changes(s).some((c) => c.import.id === parts[1]!.id));
    await byIds.until((s) => changes(s).some((c) => c.kind === 'DELETED'));
    const witnessed = changesOf(witness).map((change) => change.import.providerId);
    for (const one of [...decoys, ...referenced, ...parts, unnamed])
      expect(witnessed, one.providerId).toContain(one.providerId);

    expect(changes(byReference).map((c) => [c.kind, c.import.id, c.import.reference])).toEqual(
      referenced.map((one) => ['CREATED', one.id, 'ERP-LIVE-1']),
    );
    expect(changes(byGroup).map((c) => [c.kind, c.import.id, c.import.group])).toEqual([
      ['CREATED', parts[0]!.id, { id: 'live-batch', part: 1, parts: 2 }],
      ['CREATED', parts[1]!.id, { id: 'live-batch', part: 2, parts: 2 }],
    ]);
    const heardByIds = changes(byIds);
    expect(new Set(heardByIds.map((c) => c.import.id))).toEqual(new Set(named.map((one) => one.id)));
    for (const one of named)
      expect(heardByIds.some((c) => c.import.id === one.id && c.import.status === 'SUCCEEDED')).toBe(true);
    expect(heardByIds.at(-1)).toMatchObject({ kind: 'DELETED', import: { id: named[1]!.id } });
    // In the log's order, none twice.
    for (const subscription of [byReference, byGroup, byIds]) {
      const ids = changes(subscription).map((change) => change.eventId);
      expect(new Set(ids).size).toBe(ids.length);
    }
    for (const subscription of [byReference, byGroup, byIds]) {
      expect(subscription.completed).toBe(false);
      subscription.cancel();
    }
    witness.cancel();
  });
});

describe('importsChanged filters over the limits', () => {
  const refusals: [string, Record<string, unknown>, string][] = [
    [
      '101 ids',
      {
        ids: Array.from({ length: 101 }, (_, index) =>
          encodeImportId({
            provider: 'COMMERCE_LAYER',
            providerId: `NoSuchOne${index % 10}`,
            createdAt: new Date(0),
          }),
        ),
      },
      '`filter.ids` takes at most 100 items, got 101.',
    ],
    [
      'a reference of 256 characters',
      { reference: 'r'.repeat(256) },
      '`filter.reference` takes at most 255 characters, got 256.',
    ],
    [
      'a blank reference',
      { reference: ' \t ' },
      '`filter.reference` is blank: leave it out to match every import.',
    ],
    [
      'a group id of 256 characters',
      { groupId: 'g'.repeat(256) },
      '`filter.groupId` takes at most 255 characters, got 256.',
    ],
    ['an empty group id', { groupId: '' }, '`filter.groupId` is blank: leave it out to match every import.'],
    ['an id this API did not issue', { ids: ['not-an-id'] }, '`filter.ids[0]`: "not-an-id" is not an id'],
  ];

  it.each(refusals)(
    'refuses %s with BAD_USER_INPUT and ends the subscription',
    async (_name, filter, message) => {
      const refused: Filtered = subscribeWs(client, FILTERED_CHANGES, { filter });
      await refused.untilCompleted();
      // A `next` frame with the error and no data, then `complete`: no `error` frame, no close.
      expect(refused.failure).toBeUndefined();
      expect(refused.results).toHaveLength(1);
      const errors = refused.results[0]!.errors!;
      expect(errors).toHaveLength(1);
      expect(errors[0]!.message.startsWith(message), errors[0]!.message).toBe(true);
      expect(errors[0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', retryable: false });
      expect(refused.data).toEqual([]);
    },
  );

  it('leaves the socket serving other operations after the refusals', async () => {
    const at255 = 'r'.repeat(255);
    const accepted: Filtered = subscribeWs(client, FILTERED_CHANGES, { filter: { reference: at255 } });
    // Live once the gateway processed it, which no message says: add matches until one is heard.
    const added: string[] = [];
    for (let attempt = 0; attempt < 10 && accepted.results.length === 0; attempt++) {
      added.push((await addSettled({ reference: at255 })).id);
      await accepted.until((s) => s.results.length > 0, 2_000).catch(() => undefined);
    }
    expect(accepted.results[0]?.errors).toBeUndefined();
    expect(changes(accepted).length).toBeGreaterThan(0);
    for (const change of changes(accepted)) {
      expect(added).toContain(change.import.id);
      expect(change.import.reference).toBe(at255);
    }
    accepted.cancel();
  });
});

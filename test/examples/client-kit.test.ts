import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createImportsClient, type ImportsClient } from '../../examples/client/client.ts';
import {
  CreateImportDocument,
  ImportDetailDocument,
  InterruptImportDocument,
  type CreateImportInput,
  type ImportUpdatedSubscription,
} from '../../examples/client/generated/graphql.ts';
import {
  countLabel,
  loadMore,
  sourceNotices,
  watchImports,
  type ImportsList,
} from '../../examples/client/list.ts';
import { followImportsChanged, watchImport, type ImportChange } from '../../examples/client/live.ts';
import { useGateway } from '../support/gateway.ts';
import {
  addCommerceLayerImport,
  stepUntil,
  Subscription,
  subscribeWs,
  wsClient,
} from '../support/live-clients.ts';
import { waitFor } from '../support/wait.ts';
import {
  changesOf,
  idsOf as eventIdsOf,
  RESUMABLE_CHANGES,
  untilLive,
  type Changes,
} from '../integration/resume.ts';

/**
 * The example client kit (examples/client/, docs/FRONTEND.md, Frontend quick start) run as a
 * frontend runs it, against a gateway and the simulators: Apollo Client over real HTTP and a real
 * WebSocket, the generated typed documents, the simulators' manual clock.
 */
const gateway = useGateway({
  imports: 8,
  gateway: { live: { activePollMs: 30, idlePollMs: 120, changePollMs: 40 } },
});

/** `ws` as the client's WebSocket (Node 20 has none), keeping each socket so the test can cut it. */
const sockets: WebSocket[] = [];
class TrackedWebSocket extends WebSocket {
  constructor(...args: ConstructorParameters<typeof WebSocket>) {
    super(...args);
    sockets.push(this);
  }
}

const run = promisify(execFile);
const COMMERCE_LAYER_ONLY = { providers: ['COMMERCE_LAYER' as const] };
let kit: ImportsClient;
let list: ImportsList;
let witness: ReturnType<typeof wsClient> | undefined;
afterAll(async () => {
  await Promise.all([kit?.dispose(), witness?.dispose()]);
});

const listed = () => list.getCurrentResult().data?.imports;
const listedIds = () => (listed()?.edges ?? []).map((edge) => edge?.node?.id);
const skus = (count: number) =>
  Array.from({ length: count }, (_, index) => ({
    code: `KIT-${randomUUID().slice(0, 8)}-${index}`,
    name: 'ok',
  }));
const cachedIds = () =>
  Object.keys(kit.apollo.cache.extract() as object).filter((key) => key.startsWith('Import:'));

describe('the example client kit against a gateway and the simulators', () => {
  it('pages through the list with fetchMore, with its sources and count precision', async () => {
    kit = createImportsClient({ url: gateway.url, webSocketImpl: TrackedWebSocket });
    const truth = await gateway.graphql<{
      imports: {
        totalCount: number;
        totalCountPrecision: 'EXACT' | 'APPROXIMATE' | 'AT_LEAST';
        edges: { node: { id: string } }[];
      };
    }>('{ imports(first: 15) { totalCount totalCountPrecision edges { node { id } } } }');
    list = watchImports(kit.apollo, { first: 5 });
    // Kept active for the whole file: after a reconnection the kit refetches the active lists.
    list.subscribe(() => undefined);
    await waitFor('the first page', () => listed()?.edges?.length === 5);
    const first = list.getCurrentResult();
    expect(first.error).toBeUndefined();
    expect(first.data!.imports!.sources!.map((source) => [source?.provider, source?.state])).toEqual([
      ['FLEETIO', 'OK'],
      ['SAILPOINT', 'OK'],
      ['COMMERCE_LAYER', 'OK'],
    ]);
    expect(sourceNotices(first.dataState === 'complete' ? first.data.imports.sources : [])).toEqual([]);
    expect(countLabel(listed()!.totalCount!, listed()!.totalCountPrecision!)).toBe(
      countLabel(truth.data!.imports.totalCount, truth.data!.imports.totalCountPrecision),
    );
    expect(await loadMore(list)).toBe(true);
    expect(await loadMore(list)).toBe(true);
    // relayStylePagination appended each page to the one list, in the gateway's order.
    expect(listedIds()).toEqual(truth.data!.imports.edges.map((edge) => edge.node.id));
  });

  it('settles loadMore when a refetch answered after the page replaces the list', async () => {
    // The refetch's answer is held until the page's has been handed to Apollo: the page lands
    // first, the refetched list replaces it, and the page's cursor never shows in the list.
    let pageAnswered!: () => void;
    const pageFirst = new Promise<void>((resolve) => (pageAnswered = resolve));
    let ordering = false;
    const orderingFetch: typeof fetch = async (input, init) => {
      const { variables } = JSON.parse(init?.body as string) as { variables?: { after?: string } };
      const response = await fetch(input, init);
      if (ordering && variables?.after) pageAnswered();
      else if (ordering) await pageFirst;
      return response;
    };
    const other = createImportsClient({
      url: gateway.url,
      webSocketImpl: WebSocket,
      fetch: orderingFetch,
    });
    try {
      const shown = watchImports(other.apollo, { first: 3 });
      shown.subscribe(() => undefined);
      await waitFor('the first page', () => shown.getCurrentResult().data?.imports?.edges?.length === 3);
      const firstPage = shown.getCurrentResult().data!.imports!.edges!.map((edge) => edge?.node?.id);
      ordering = true;
      const [more] = await Promise.all([loadMore(shown), shown.refetch()]);
      expect(more).toBe(true);
      const settled = shown.getCurrentResult();
      expect(settled.loading).toBe(false);
      expect(settled.data?.imports?.edges?.map((edge) => edge?.node?.id)).toEqual(firstPage);
    } finally {
      await other.dispose();
    }
  });

  it('runs as a script, printing the first pages as the list shows them', async () => {
    const { stdout } = await run(process.execPath, [
      '--import',
      'tsx',
      'examples/client/watch-imports.ts',
      '--url',
      gateway.url,
      '--pages',
      '2',
    ]);
    const [count, ...rows] = stdout.trim().split('\n');
    expect(count).toBe(countLabel(listed()!.totalCount!, listed()!.totalCountPrecision!));
    expect(rows.map((line) => line.split(/\s+/).at(-1))).toEqual(listedIds().slice(0, 10));
  });

  it('creates an import under an idempotency key and watches it over importUpdated as the clock advances', async () => {
    const input: CreateImportInput = {
      provider: 'COMMERCE_LAYER',
      resourceType: 'skus',
      inputs: skus(20),
      idempotencyKey: randomUUID(),
    };
    const created = await kit.apollo.mutate({ mutation: CreateImportDocument, variables: { input } });
    expect(created.error).toBeUndefined();
    expect(created.data?.createImport.userErrors).toEqual([]);
    const [row] = created.data!.createImport.imports;
    const retried = await kit.apollo.mutate({ mutation: CreateImportDocument, variables: { input } });
    expect(retried.data?.createImport.imports.map((item) => item.id)).toEqual([row!.id]);

    const updates = new Subscription<ImportUpdatedSubscription['importUpdated']>();
    const watching = watchImport(kit.apollo, row!.id, {
      onUpdate: (update) => updates.next({ data: update }),
      onError: (error) => updates.end(error),
    });
    await updates.until((s) => s.data.length > 0);
    await stepUntil(gateway, updates, (s) => s.data.at(-1)?.terminal === true);
    watching.stop();
    const statuses = updates.data.map((update) => update.status);
    expect(statuses[0]).toBe('PENDING');
    expect(statuses).toContain('RUNNING');
    expect(statuses.at(-1)).toBe('SUCCEEDED');
    // The updates went into Apollo's cache: the detail query reads the import as it ended.
    const detail = await kit.apollo.query({
      query: ImportDetailDocument,
      variables: { id: row!.id },
      fetchPolicy: 'network-only',
    });
    expect(detail.data?.import).toMatchObject({
      id: row!.id,
      status: 'SUCCEEDED',
      failure: null,
      counts: { total: 20 },
    });
  });

  it('interrupts an import, whose detail then says why it stopped', async () => {
    const pending = await addCommerceLayerImport(gateway);
    const interrupted = await kit.apollo.mutate({
      mutation: InterruptImportDocument,
      variables: { id: pending.id },
    });
    expect(interrupted.data?.interruptImport.userErrors).toEqual([]);
    expect(interrupted.data?.interruptImport.import).toMatchObject({
      status: 'CANCELLED',
      failure: { code: 'INTERRUPTED' },
    });
    const detail = await kit.apollo.query({
      query: ImportDetailDocument,
      variables: { id: pending.id, severities: ['ERROR'] },
    });
    expect(detail.error).toBeUndefined();
    expect(detail.data?.import).toMatchObject({ status: 'CANCELLED', failure: { code: 'INTERRUPTED' } });
    expect(detail.data?.import?.messages.available).toBe(true);
  });

  it('follows importsChanged, resumes after a dropped socket with what it missed, refetches the list, and evicts a deleted import', async () => {
    // A second subscriber, on its own socket, sees every change as it happens: what the kit must
    // catch up on once its socket is back.
    witness = wsClient(gateway.url);
    const seen: Changes = subscribeWs(witness, RESUMABLE_CHANGES, { filter: COMMERCE_LAYER_ONLY });
    await untilLive(gateway, seen);

    let reconnect!: () => void;
    const socketBack = new Promise<void>((resolve) => (reconnect = resolve));
    let waits = 0;
    const changes = new Subscription<ImportChange>();
    const follower = followImportsChanged(kit.apollo, {
      filter: COMMERCE_LAYER_ONLY,
      onChange: (change) => changes.next({ data: change }),
      onError: (error) => changes.end(error),
      waitBeforeRetry: async () => {
        waits++;
        await socketBack;
      },
    });
    await untilLive(gateway, changes);
    const lastBefore = follower.lastEventId!;

    for (const socket of sockets) socket.terminate();
    await waitFor('the follower to see its socket close', () => waits === 1);
    // While it is away, an import is created and runs to its end.
    const missed = await addCommerceLayerImport(gateway);
    await stepUntil(gateway, seen, (s) =>
      changesOf(s).some(
        (change) => change.import.providerId === missed.providerId && change.import.status === 'SUCCEEDED',
      ),
    );
    const countBefore = changes.data.length;
    reconnect();

    // It subscribed again after its last event: it got exactly what the witness saw since.
    const missedIds = eventIdsOf(seen).slice(eventIdsOf(seen).indexOf(lastBefore) + 1);
    expect(missedIds.length).toBeGreaterThan(1); // CREATED, then its changes up to SUCCEEDED
    await changes.until((s) => s.data.length >= countBefore + missedIds.length);
    expect(follower.subscriptions).toBe(2);
    expect(
      changes.data.slice(countBefore, countBefore + missedIds.length).map((change) => change.eventId),
    ).toEqual(missedIds);
    // And it refetched the list, which now starts with the import created meanwhile, with as many
    // rows as it showed (three pages of 5): the pages loaded stay on screen.
    const shownBefore = listedIds().length;
    expect(shownBefore).toBeGreaterThan(5);
    await waitFor('the refetched list', () => listedIds().includes(missed.id));
    expect(listedIds()).toHaveLength(shownBefore);
    expect(list.variables.first).toBe(shownBefore);

    const deleted = await gateway.graphql<{ deleteImport: { deletedId: string | null } }>(
      'mutation ($id: ID!) { deleteImport(input: { id: $id }) { deletedId } }',
      { id: missed.id },
    );
    expect(deleted.data?.deleteImport.deletedId).toBe(missed.id);
    await changes.until((s) =>
      s.data.some((change) => change.kind === 'DELETED' && change.import.id === missed.id),
    );
    await waitFor('the deleted import to leave the list', () => !listedIds().includes(missed.id));
    expect(cachedIds()).not.toContain(`Import:${missed.id}`);
    follower.stop();
    seen.cancel();
  });
});

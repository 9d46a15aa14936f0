import { describe, expect, it } from 'vitest';
import { useGateway } from '../support/gateway.ts';
import {
  addCommerceLayerImport,
  advanceClock,
  IMPORT_UPDATED,
  IMPORTS_CHANGED,
  stepUntil,
  subscribeWs,
  wsClient,
  type ChangeView,
  type ImportView,
} from '../support/live-clients.ts';
import { waitFor } from '../support/wait.ts';

const gateway = useGateway({
  providers: ['commercelayer'],
  imports: 5,
  gateway: { live: { activePollMs: 30, idlePollMs: 120, changePollMs: 40 } },
});

const listRequests = async () => (await gateway.stats()).commercelayer['GET /api/imports'] ?? 0;

/** importsChanged for Commerce Layer, once its change poll has read (so the subscription is live). */
async function watchChanges(client: ReturnType<typeof wsClient>) {
  const before = await listRequests();
  const changes = subscribeWs<{ importsChanged: ChangeView }>(client, IMPORTS_CHANGED, {
    filter: { providers: ['COMMERCE_LAYER'] },
  });
  await waitFor('the change poll to read', async () => (await listRequests()) > before);
  return changes;
}

const transitions = (changes: { data: { importsChanged: ChangeView }[] }, providerId: string) =>
  changes.data
    .map((data) => data.importsChanged)
    .filter((change) => change.import.providerId === providerId)
    .map((change) => [change.kind, change.previousStatus, change.import.status]);

describe('a restart in the middle of an import', () => {
  it('announces what happened while it was down, once, and nothing from before again', async () => {
    const before = wsClient(gateway.url);
    const changes = await watchChanges(before);
    const { id, providerId } = await addCommerceLayerImport(gateway);
    const updates = subscribeWs<{ importUpdated: ImportView }>(before, IMPORT_UPDATED, { id });
    await updates.until((s) => s.results.length === 1);
    // Run it until it is RUNNING with some rows processed.
    await stepUntil(gateway, updates, (s) =>
      s.data.some((data) => (data.importUpdated.counts.processed ?? 0) > 0),
    );
    await changes.until((s) => transitions(s, providerId).some(([, , status]) => status === 'RUNNING'));
    expect(transitions(changes, providerId).slice(0, 2)).toEqual([
      ['CREATED', null, 'PENDING'],
      ['UPDATED', 'PENDING', 'RUNNING'],
    ]);

    await gateway.restartGateway();
    await changes.untilCompleted(); // 1001 closed the old connection
    await updates.untilCompleted();
    // While it is down, the import runs to its end.
    await advanceClock(gateway, 300_000);

    const after = wsClient(gateway.url);
    const changesAfter = subscribeWs<{ importsChanged: ChangeView }>(after, IMPORTS_CHANGED, {
      filter: { providers: ['COMMERCE_LAYER'] },
    });
    await changesAfter.until((s) => transitions(s, providerId).length > 0);
    const updatesAfter = subscribeWs<{ importUpdated: ImportView }>(after, IMPORT_UPDATED, { id });
    await updatesAfter.untilCompleted();
    // A marker import proves the poll has moved past everything there was to announce.
    const marker = await addCommerceLayerImport(gateway);
    await changesAfter.until((s) => transitions(s, marker.providerId).length > 0);

    expect(transitions(changesAfter, providerId)).toEqual([['UPDATED', 'RUNNING', 'SUCCEEDED']]);
    expect(updatesAfter.data.map((data) => data.importUpdated.status)).toEqual(['SUCCEEDED']);
    await Promise.all([before.dispose(), after.dispose()]);
  });
});

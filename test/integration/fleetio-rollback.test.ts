import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useGateway } from '../support/gateway.ts';
import { advanceClock, subscribeWs, wsClient } from '../support/live-clients.ts';

/** importsChanged polls every 40 ms; nothing else polls within the test. */
const gateway = useGateway({
  providers: ['fleetio'],
  imports: 5,
  gateway: { live: { activePollMs: 60_000, idlePollMs: 60_000, changePollMs: 40, maxBackoffMs: 200 } },
});

const CHANGES = `subscription {
  importsChanged(filter: { providers: [FLEETIO] }) {
    kind previousStatus
    import { providerId status providerStatus terminal completedAt changeableUntil }
  }
}`;

interface Change {
  kind: string;
  previousStatus: string | null;
  import: {
    providerId: string;
    status: string;
    providerStatus: string;
    terminal: boolean;
    completedAt: string | null;
    changeableUntil: string | null;
  };
}

let client: ReturnType<typeof wsClient>;
beforeAll(() => {
  client = wsClient(gateway.url);
});
afterAll(async () => {
  await client.dispose();
});

describe('a Fleetio rollback after completion', () => {
  it('is announced by importsChanged, and changeableUntil said it could come', async () => {
    const changes = subscribeWs<{ importsChanged: Change }>(client, CHANGES);
    // The simulator rolls back a share of added imports (rollbackShare, default 0.1) after they
    // completed; which ones is fixed by the seed, and a hundred include some.
    for (let index = 0; index < 100; index++) await gateway.control('fleetio', 'POST', '/__sim/imports', {});
    const seen = () => changes.data.map((data) => data.importsChanged);
    const rolledBack = () =>
      seen().find(
        (change) => change.previousStatus === 'SUCCEEDED' && change.import.status === 'ROLLING_BACK',
      );
    // The longest path (new → … → complete → rolling_back) takes a few simulated minutes.
    for (let step = 0; step < 60 && !rolledBack(); step++) {
      await advanceClock(gateway, 10_000);
      await new Promise((resolve) => setTimeout(resolve, 120));
    }
    const rollback = rolledBack();
    expect(rollback, JSON.stringify(seen()).slice(0, 1_000)).toBeDefined();
    expect(rollback!.kind).toBe('UPDATED');
    expect(rollback!.import.terminal).toBe(false);
    expect(rollback!.import.changeableUntil).toBeNull();
    // Before the rollback the import was announced terminal, with the window that allowed it.
    const completed = seen().find(
      (change) =>
        change.import.providerId === rollback!.import.providerId && change.import.status === 'SUCCEEDED',
    );
    expect(completed?.import.terminal).toBe(true);
    expect(Date.parse(completed!.import.changeableUntil!)).toBe(
      Date.parse(completed!.import.completedAt!) + 24 * 3_600_000,
    );
    changes.cancel();
  });
});

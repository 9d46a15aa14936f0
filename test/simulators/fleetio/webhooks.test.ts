import { createHmac } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createFleetioSimulator, fleetioSimulator } from '../../../src/simulators/fleetio/index.ts';
import { JsonSchemaValidator } from '../../support/openapi.ts';
import { useSimulator, type SimulatorUnderTest } from '../../support/simulators.ts';
import { WEBHOOK_SECRETS } from '../../support/secrets.ts';
import { walk, type ImportRecord } from './fleetio-http.ts';

const schema = new JsonSchemaValidator('fleetio/written/webhooks.schema.json');
const SECRET = WEBHOOK_SECRETS.fleetio;

interface Delivery {
  signature: string | undefined;
  contentType: string | undefined;
  raw: string;
  body: {
    id: number;
    event: string;
    timestamp: string;
    payload: {
      id: number;
      state: string;
      created_record_ids: number[];
      updated_record_ids: number[];
      affected_record_ids: number[];
      error_messages: string[];
    };
  };
}

/** A tiny webhook receiver on a free loopback port. */
function useReceiver(): { url: () => string; deliveries: Delivery[] } {
  const deliveries: Delivery[] = [];
  let server: Server | undefined;
  beforeAll(async () => {
    server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        const signature = request.headers['x-fleetio-webhook-signature'];
        deliveries.push({
          signature: typeof signature === 'string' ? signature : undefined,
          contentType: request.headers['content-type'],
          raw,
          body: JSON.parse(raw) as Delivery['body'],
        });
        response.writeHead(200).end();
      });
    });
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => server?.close(() => resolve()));
  });
  return { url: () => `http://127.0.0.1:${(server!.address() as AddressInfo).port}/hooks`, deliveries };
}

async function runToEnd(sim: SimulatorUnderTest, count: number, deliveries: Delivery[]): Promise<void> {
  for (let elapsed = 0; elapsed < 300_000; elapsed += 10_000) await sim.advance(10_000);
  for (let waited = 0; deliveries.length < count && waited < 3_000; waited += 20) await sleep(20);
}

describe('Fleetio simulator: import_completed webhooks', () => {
  const sim = useSimulator(fleetioSimulator, { imports: 6, rateLimits: false });
  const receiver = useReceiver();

  test('one signed import_completed per finished run, none for a rollback', async () => {
    await sim.control('PUT', '/__sim/webhooks', { url: receiver.url(), secret: SECRET });
    const seeded = await sim.control<ImportRecord[]>('GET', '/__sim/imports');
    const added = [];
    for (const status of ['new', 'new', 'queued', 'processing', 'processing', 'processing']) {
      added.push(await sim.control<ImportRecord>('POST', '/__sim/imports', { status }));
    }
    // Seeded: processing, queued and new each end once; the one rolling back already completed.
    const expected = 3 + added.length;
    await runToEnd(sim, expected, receiver.deliveries);
    expect(receiver.deliveries).toHaveLength(expected);

    const truth = await sim.control<ImportRecord[]>('GET', '/__sim/imports');
    const ids = receiver.deliveries.map((delivery) => delivery.body.payload.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).not.toContain(seeded.find((item) => item.status === 'rolling_back')!.id);
    // Deliveries are concurrent and may arrive out of order, as Fleetio warns; message ids count up.
    const byMessageId = [...receiver.deliveries].sort((a, b) => a.body.id - b.body.id);
    byMessageId.forEach((delivery, index) => {
      expect(delivery.signature).toBe(createHmac('sha256', SECRET).update(delivery.raw).digest('hex'));
      expect(delivery.contentType).toMatch(/^application\/json/);
      schema.assert('/definitions/ImportCompletedEvent', delivery.body);
      expect(delivery.body.id).toBe(index + 1);
      const item = truth.find((candidate) => candidate.id === delivery.body.payload.id)!;
      // A later rollback changes the status, not the state the run ended in.
      const ended =
        item.status === 'rolled_back' || item.status === 'rolling_back' ? 'complete' : item.status;
      expect(delivery.body.payload.state).toBe(ended);
      const {
        created_record_ids: created,
        updated_record_ids: updated,
        affected_record_ids: affected,
      } = delivery.body.payload;
      expect(affected).toEqual([...created, ...updated].sort((a, b) => a - b));
      if (ended === 'failed') expect(created.concat(updated)).toEqual([]);
      if (ended === 'partially_complete' || ended === 'failed')
        expect(delivery.body.payload.error_messages.length).toBeGreaterThan(0);
      if (ended === 'complete') expect(delivery.body.payload.error_messages).toEqual([]);
    });
  });

  test('the record ids match the row results of the import', async () => {
    const delivery = receiver.deliveries.find(
      (candidate) => candidate.body.payload.created_record_ids.length > 0,
    )!;
    const { records } = await walk<{ status: string; record_id: number | null }>(
      `${sim.url}/api/imports/${delivery.body.payload.id}/results`,
      'per_page=100&sort[id]=asc',
    );
    const created = records.filter((row) => row.status === 'created').map((row) => row.record_id);
    expect(delivery.body.payload.created_record_ids).toEqual(created);
  });
});

describe('Fleetio simulator: webhook state limited to complete/failed', () => {
  const sim = useSimulator(createFleetioSimulator({ webhookState: 'complete-or-failed' }), { imports: 0 });
  const receiver = useReceiver();

  test('every outcome but complete is sent as failed', async () => {
    await sim.control('PUT', '/__sim/webhooks', { url: receiver.url(), secret: SECRET });
    for (const status of ['new', 'new', 'new', 'processing', 'processing', 'processing', 'processing']) {
      await sim.control('POST', '/__sim/imports', { status });
    }
    await runToEnd(sim, 7, receiver.deliveries);
    expect(receiver.deliveries).toHaveLength(7);
    const truth = await sim.control<ImportRecord[]>('GET', '/__sim/imports');
    for (const delivery of receiver.deliveries) {
      const item = truth.find((candidate) => candidate.id === delivery.body.payload.id)!;
      const ended = item.status.startsWith('roll') ? 'complete' : item.status;
      expect(delivery.body.payload.state).toBe(ended === 'complete' ? 'complete' : 'failed');
    }
  });
});

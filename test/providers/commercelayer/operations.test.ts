import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ImportOperationError } from '../../../src/imports/import-operations.ts';
import { messagesOf } from '../../../src/providers/commercelayer/message-log.ts';
import { planCreation } from '../../../src/providers/commercelayer/create-plan.ts';
import { createPlannedImports } from '../../../src/providers/commercelayer/create.ts';
import { CommerceLayerClient } from '../../../src/providers/commercelayer/client.ts';
import { importFromCommerceLayer } from '../../../src/providers/commercelayer/map.ts';
import { commerceLayerSimulator } from '../../../src/simulators/commercelayer/index.ts';
import { SqliteImportStore } from '../../../src/store/sqlite-import-store.ts';
import { useSimulator } from '../../support/simulators.ts';
import { matching } from '../../integration/mutations.ts';
import { requestStats, resetStats, settingsFor, sourceFor } from './support.ts';

describe('Commerce Layer operations', () => {
  const sim = useSimulator(commerceLayerSimulator, { imports: 5, rateLimits: false });
  const dataDir = mkdtempSync(join(tmpdir(), 'cl-operations-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  const request = {
    resourceType: 'skus',
    inputs: [{ code: 'DUR-1' }, { code: 'DUR-2' }],
    idempotencyKey: 'durable-1',
  };

  it('keeps idempotency keys and its own interruptions across restarts', async () => {
    const first = new SqliteImportStore(dataDir);
    const before = sourceFor(sim, { store: first });
    const created = await before.create!(request);
    expect(created.problems).toEqual([]);
    const interrupted = await before.interrupt!(created.imports[0]!);
    expect(interrupted).toMatchObject({ status: 'CANCELLED', providerStatus: 'interrupted' });
    await before.close();
    await first.close();

    await resetStats(sim);
    const second = new SqliteImportStore(dataDir);
    const after = sourceFor(sim, { store: second });
    const replayed = await after.create!(request);
    expect(replayed.imports.map((item) => item.providerId)).toEqual([created.imports[0]!.providerId]);
    // The replay reads the import as it is now: interrupted by the gateway, so CANCELLED.
    expect(replayed.imports[0]!.status).toBe('CANCELLED');
    expect((await requestStats(sim))['POST /api/imports']).toBeUndefined();
    const listed = await after.list({
      order: { field: 'CREATED_AT', direction: 'DESC' },
      limit: 25,
      conditions: { statuses: ['CANCELLED'] },
    });
    expect(listed.items.map((item) => item.providerId)).toEqual([created.imports[0]!.providerId]);
    await after.close();
    await second.close();
  });

  it('maps the vendor’s 422 attribute by attribute onto the input’s fields', async () => {
    // A plan the gateway's own checks would have refused, to see what the vendor says of it.
    const client = new CommerceLayerClient(settingsFor(sim.url));
    const journal = {
      tag: 't',
      keyed: false,
      part: () => Promise.resolve(undefined),
      sending: () => Promise.resolve(),
      created: () => Promise.resolve(),
      clear: () => Promise.resolve(),
    };
    const outcome = await createPlannedImports(
      { client, journal, mapImport: (resource) => importFromCommerceLayer(resource) },
      [{ part: 1, parts: 1, size: 0, attributes: { resource_type: 'widgets', inputs: [], metadata: {} } }],
    );
    expect(outcome.imports).toEqual([]);
    expect(outcome.problems).toEqual([
      {
        field: ['resourceType'],
        code: 'BAD_USER_INPUT',
        message: 'Commerce Layer refused resourceType: is not included in the list.',
      },
      {
        field: ['inputs'],
        code: 'BAD_USER_INPUT',
        message: "Commerce Layer refused inputs: can't be blank.",
      },
    ]);
    await client.close();
  });

  it('answers an import that finished meanwhile (the vendor’s 422) as the caller’s problem', async () => {
    const source = sourceFor(sim);
    const { imports } = await source.create!({ resourceType: 'tags', inputs: [{ name: 'a' }] });
    const stale = imports[0]!;
    await sim.advance(10 * 60_000);
    const refused = await source.interrupt!(stale).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(ImportOperationError);
    expect(refused).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: ['id'],
      message: matching(/finished meanwhile/),
    });
    // Not interrupted by the gateway after all: a later read is not CANCELLED.
    const now = await source.get([{ providerId: stale.providerId }]);
    expect(now.get(stale.providerId)!.status).toBe('SUCCEEDED');
    await source.close();
  });
});

describe('Commerce Layer creation plan', () => {
  it('splits CSV on record boundaries, keeping the header and the records’ own text', () => {
    const rows = Array.from({ length: 10_001 }, (_, index) => `C-${index},"name, ${index}"`);
    const plan = planCreation(
      { resourceType: 'skus', format: 'CSV', inputs: `code,name\n${rows.join('\n')}` },
      'tag',
    );
    expect(plan.ok).toBe(true);
    if (!plan.ok) return;
    expect(plan.imports.map((part) => part.size)).toEqual([10_000, 1]);
    expect(plan.imports[1]!.attributes).toMatchObject({
      format: 'csv',
      inputs: 'code,name\nC-10000,"name, 10000"\n',
      reference: 'gw-tag-2',
      metadata: { group_id: 'gw-tag', progress_number: '2/2' },
    });
  });

  it('reads error and warning logs into messages', () => {
    const about = (key: string, field: string | null) => ({ subject: key, recordId: key, field });
    expect(
      messagesOf(
        { ABC: { name: ['has already been taken'], price: ['is invalid', 'is low'] } },
        { XYZ: ['could not be deleted'] },
      ),
    ).toEqual([
      // The log key is the input's own key: subject and recordId; the attribute is the field.
      { ...about('ABC', 'name'), severity: 'ERROR', code: 'name', text: 'name has already been taken' },
      { ...about('ABC', 'price'), severity: 'ERROR', code: 'price', text: 'price is invalid' },
      { ...about('ABC', 'price'), severity: 'ERROR', code: 'price', text: 'price is low' },
      { ...about('XYZ', null), severity: 'WARNING', code: null, text: 'could not be deleted' },
    ]);
  });
});

import { describe, expect, it } from 'vitest';
import { useGateway } from '../support/gateway.ts';
import { SIMULATOR_CREDENTIALS } from '../support/secrets.ts';
import {
  createImport,
  userErrorsOf,
  like,
  matching,
  transformDocument,
  type UserErrorView,
} from './mutations.ts';

const gateway = useGateway({ imports: 3, providers: ['commercelayer', 'sailpoint'] });

interface TruthResource {
  id: string;
  attributes: { reference: string | null; metadata: { import_gateway?: { tag: string; part: number } } };
}

/** The vendor's imports carrying the gateway's tag for `tag`, by part. */
async function tagged(tag: string): Promise<TruthResource[]> {
  const all = await gateway.control<TruthResource[]>('commercelayer', 'GET', '/__sim/imports');
  return all
    .filter((resource) => resource.attributes.metadata.import_gateway?.tag === tag)
    .sort((a, b) => a.attributes.metadata.import_gateway!.part - b.attributes.metadata.import_gateway!.part);
}

async function tagOf(providerId: string): Promise<string> {
  const all = await gateway.control<TruthResource[]>('commercelayer', 'GET', '/__sim/imports');
  return all.find((resource) => resource.id === providerId)!.attributes.metadata.import_gateway!.tag;
}

const skus = (count: number, prefix: string) =>
  Array.from({ length: count }, (_, index) => ({ code: `${prefix}-${index}` }));

const SAILPOINT_DOCUMENT = transformDocument('b7c1f3a0', 'Lower Email');

async function posts(): Promise<number> {
  return (await gateway.stats()).commercelayer['POST /api/imports'] ?? 0;
}

describe('createImport with an idempotency key', () => {
  it('answers a retried call with the first call’s import', async () => {
    const input = {
      provider: 'COMMERCE_LAYER',
      resourceType: 'skus',
      inputs: skus(3, 'IDEM'),
      idempotencyKey: 'order-sync-1',
    };
    await gateway.resetStats();
    const first = await createImport(gateway, input);
    const second = await createImport(gateway, input);
    expect(userErrorsOf(second, 'createImport')).toEqual([]);
    expect(second.data!.createImport.import!.id).toBe(first.data!.createImport.import!.id);
    expect(await posts()).toBe(1);

    const reused = await createImport(gateway, { ...input, inputs: skus(4, 'OTHER') });
    expect(userErrorsOf(reused, 'createImport')).toEqual([
      like({ field: ['input', 'idempotencyKey'], code: 'BAD_USER_INPUT' }),
    ]);
    expect(await posts()).toBe(1);
  });

  it('creates exactly one import when the first answer was lost', async () => {
    const input = {
      provider: 'COMMERCE_LAYER',
      resourceType: 'skus',
      inputs: skus(5, 'LOST'),
      idempotencyKey: 'lost-answer-1',
    };
    // A token first, so that the lost request is the creation itself.
    await gateway.graphql('{ imports(first: 1) { nodes { id } } }');
    await gateway.resetStats();
    await gateway.control('commercelayer', 'PUT', '/__sim/faults', { resetRate: 1 });
    let first;
    try {
      first = await createImport(gateway, input);
    } finally {
      await gateway.control('commercelayer', 'DELETE', '/__sim/faults');
    }
    expect(first.data!.createImport.imports).toEqual([]);
    expect(userErrorsOf(first, 'createImport')).toEqual([
      like({
        code: 'UPSTREAM_UNAVAILABLE',
        message: matching(/may have been created.*same idempotencyKey/s),
      }),
    ]);
    expect(await posts()).toBe(1);

    const retry = await createImport(gateway, input);
    expect(userErrorsOf(retry, 'createImport')).toEqual([]);
    const item = retry.data!.createImport.import!;
    // The retry found the import the lost call created instead of sending it again.
    expect(await posts()).toBe(1);
    const copies = await tagged(await tagOf(item.providerId));
    expect(copies.map((resource) => resource.id)).toEqual([item.providerId]);

    const third = await createImport(gateway, input);
    expect(third.data!.createImport.import!.id).toBe(item.id);
    expect(await posts()).toBe(1);
  });

  it('reports which parts of a split exist after a failure, and a retry creates only the missing ones', async () => {
    const input = {
      provider: 'COMMERCE_LAYER',
      resourceType: 'skus',
      inputs: skus(10_002, 'SPLIT'),
      skipErrors: true,
      idempotencyKey: 'split-retry-1',
    };
    // The vendor's write burst (50 creations in 10 s from one IP) is spent but for one slot, so
    // part 1 passes and part 2 is refused with 429.
    await gateway.control('commercelayer', 'PUT', '/__sim/faults', { rateLimits: true });
    let first;
    try {
      await spendCreations(49);
      // Those 49 imports finish first: a split only starts when its parts fit in the 10 slots
      // the vendor keeps for imports pending or in progress (rate windows follow real time).
      await gateway.control('commercelayer', 'POST', '/__sim/clock', { advanceMs: 10 * 60_000 });
      await gateway.resetStats();
      first = await createImport(gateway, input);
    } finally {
      await gateway.control('commercelayer', 'DELETE', '/__sim/faults');
    }
    const payload = first.data!.createImport;
    expect(payload.imports).toHaveLength(1);
    expect(payload.userErrors).toEqual([
      like({ code: 'RATE_LIMITED', message: matching(/part 2 of 2/) }),
      like({
        code: 'RATE_LIMITED',
        message: matching(
          new RegExp(
            `Parts 1 to 1 of 2 exist \\(${payload.imports[0]!.providerId}\\).*same idempotencyKey`,
            's',
          ),
        ),
      }),
    ]);
    expect(await posts()).toBe(2);

    const retry = await createImport(gateway, input);
    expect(userErrorsOf(retry, 'createImport')).toEqual([]);
    const imports = retry.data!.createImport.imports;
    expect(imports.map((item) => item.counts.total)).toEqual([10_000, 2]);
    expect(imports[0]!.id).toBe(payload.imports[0]!.id);
    expect(await posts()).toBe(3);
    const parts = await tagged(await tagOf(imports[0]!.providerId));
    expect(parts.map((resource) => resource.id)).toEqual(imports.map((item) => item.providerId));
  });

  it('never sends a SailPoint creation twice after a lost answer, and trackImport with the key settles it', async () => {
    const input = { provider: 'SAILPOINT', document: SAILPOINT_DOCUMENT, idempotencyKey: 'sp-lost-1' };
    await gateway.graphql('{ imports(first: 1, filter: { providers: [SAILPOINT] }) { nodes { id } } }');
    const before = await gateway.control<{ jobId: string }[]>('sailpoint', 'GET', '/__sim/imports');
    const jobsBefore = before.length;
    // A token first (a job status read), so the lost request is the upload.
    await gateway.graphql(
      'mutation { trackImport(input: { provider: SAILPOINT, providerId: "none" }) { userErrors { code } } }',
    );
    await gateway.control('sailpoint', 'PUT', '/__sim/faults', { resetRate: 1 });
    let first;
    try {
      first = await createImport(gateway, input);
    } finally {
      await gateway.control('sailpoint', 'DELETE', '/__sim/faults');
    }
    const message = /may have created a SailPoint import job.*trackImport.*idempotencyKey: <this key>/s;
    expect(userErrorsOf(first, 'createImport')).toEqual([
      like({ code: 'UPSTREAM_UNAVAILABLE', message: matching(message) }),
    ]);
    const retry = await createImport(gateway, input);
    expect(userErrorsOf(retry, 'createImport')).toEqual([
      like({ code: 'UPSTREAM_UNAVAILABLE', message: matching(message) }),
    ]);
    const jobs = await gateway.control<{ jobId: string }[]>('sailpoint', 'GET', '/__sim/imports');
    expect(jobs.length).toBe(jobsBefore + 1);
    const lost = jobs.find((job) => !before.some((known) => known.jobId === job.jobId))!.jobId;

    // The caller finds the job and names it under the key: the key answers it from then on.
    const other = jobs[0]!.jobId;
    const refusals: [string, string, RegExp][] = [
      ['sp-never-used', lost, /No SailPoint createImport call used this idempotencyKey/],
      ['order-sync-1', lost, /already used for a Commerce Layer import/],
    ];
    for (const [idempotencyKey, providerId, why] of refusals) {
      const refused = await track(providerId, idempotencyKey);
      expect(userErrorsOf(refused, 'trackImport')).toEqual([
        { field: ['input', 'idempotencyKey'], code: 'BAD_USER_INPUT', message: matching(why) },
      ]);
      expect(refused.data!.trackImport.import).toBeNull();
    }
    const settled = await track(lost, 'sp-lost-1');
    expect(userErrorsOf(settled, 'trackImport')).toEqual([]);
    expect(settled.data!.trackImport.import).toMatchObject({ providerId: lost });
    await gateway.resetStats();
    const answered = await createImport(gateway, input);
    expect(userErrorsOf(answered, 'createImport')).toEqual([]);
    expect(answered.data!.createImport.import!.providerId).toBe(lost);
    expect((await gateway.stats()).sailpoint['POST /v2025/sp-config/import']).toBeUndefined();
    // Settled for good: the key cannot be given another job.
    expect(userErrorsOf(await track(other, 'sp-lost-1'), 'trackImport')).toEqual([
      like({
        field: ['input', 'idempotencyKey'],
        code: 'BAD_USER_INPUT',
        message: matching(/already answers import/),
      }),
    ]);
    expect((await gateway.control<unknown[]>('sailpoint', 'GET', '/__sim/imports')).length).toBe(
      jobsBefore + 1,
    );
  });

  it('refuses a key already used with another provider, before anything is sent', async () => {
    const key = 'cross-provider-1';
    const first = await createImport(gateway, {
      provider: 'COMMERCE_LAYER',
      resourceType: 'skus',
      inputs: skus(1, 'CROSS'),
      idempotencyKey: key,
    });
    expect(userErrorsOf(first, 'createImport')).toEqual([]);
    await gateway.resetStats();
    const reused = await createImport(gateway, {
      provider: 'SAILPOINT',
      document: SAILPOINT_DOCUMENT,
      idempotencyKey: key,
    });
    expect(userErrorsOf(reused, 'createImport')).toEqual([
      {
        field: ['input', 'idempotencyKey'],
        code: 'BAD_USER_INPUT',
        message: matching(/already used for a Commerce Layer import, not a SailPoint one/),
      },
    ]);
    expect(reused.data!.createImport.imports).toEqual([]);
    expect((await gateway.stats()).sailpoint).toEqual({});
  });
});

async function track(providerId: string, idempotencyKey: string) {
  return gateway.graphql<{
    trackImport: { import: { providerId: string } | null; userErrors: UserErrorView[] };
  }>(
    `mutation ($providerId: String!, $key: String) { trackImport(input: { provider: SAILPOINT, providerId: $providerId, idempotencyKey: $key }) {
      import { providerId } userErrors { field message code } } }`,
    { providerId, key: idempotencyKey },
  );
}

/** Creates `count` tiny imports straight at the simulator, as another client on this IP would. */
async function spendCreations(count: number): Promise<void> {
  const url = gateway.simulators.commercelayer.url;
  const tokenResponse = await fetch(`${url}/oauth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      grant_type: 'client_credentials',
      client_id: 'sim-cl-client',
      client_secret: SIMULATOR_CREDENTIALS.commerceLayerClientSecret,
    }),
  });
  const { access_token: token } = (await tokenResponse.json()) as { access_token: string };
  for (let index = 0; index < count; index++) {
    const response = await fetch(`${url}/api/imports`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${token}`,
        accept: 'application/vnd.api+json',
        'content-type': 'application/vnd.api+json',
      },
      body: JSON.stringify({
        data: { type: 'imports', attributes: { resource_type: 'tags', inputs: [{ name: `t${index}` }] } },
      }),
    });
    expect(response.status).toBe(201);
  }
}

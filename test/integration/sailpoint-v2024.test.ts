import { describe, expect, it } from 'vitest';
import { useGateway } from '../support/gateway.ts';
import { advance, created, readAll, readImport, type MessageNode } from './mutations.ts';

/**
 * SAILPOINT_API_VERSION=v2024: its sp-config endpoints are experimental and the vendor requires
 * `X-SailPoint-Experimental: true` on each call [S] (specs/VENDOR-REFERENCE.md §2); the simulator
 * refuses a call without it, so every step below passing means the gateway sent it.
 */
const gateway = useGateway({ imports: 2, providers: ['sailpoint'], env: { SAILPOINT_API_VERSION: 'v2024' } });

const DOCUMENT = {
  version: 1,
  timestamp: '2026-03-02T10:00:00Z',
  tenant: 'acme-sb',
  description: 'v2024 import',
  objects: [
    { version: 1, self: { type: 'TRANSFORM', id: '2cd0a1f3e8b94c0c', name: 'Upper Email' }, object: {} },
  ],
};

describe('SailPoint v2024 (experimental sp-config)', () => {
  it('creates a job, reads its status and downloads its results with the experimental header', async () => {
    await gateway.resetStats();
    const [job] = await created(gateway, {
      provider: 'SAILPOINT',
      document: DOCUMENT,
      options: { excludeBackup: true },
    });
    expect(job).toMatchObject({ status: 'PENDING', providerStatus: 'NOT_STARTED' });
    await advance(gateway, 5 * 60_000);
    // Messages read the job's status afresh, then its download.
    const messages = await readAll<MessageNode>(gateway, 'messages', job!.id, 10);
    expect(messages.available).toBe(true);
    const status = await readImport(gateway, job!.id);
    expect(status.errors).toBeUndefined();
    expect(status.data!.import).toMatchObject({ status: 'SUCCEEDED', providerStatus: 'COMPLETE' });
    expect((await gateway.stats()).sailpoint).toMatchObject({
      'POST /v2024/sp-config/import': 1,
      'GET /v2024/sp-config/import/{id}': expect.any(Number) as number,
      'GET /v2024/sp-config/import/{id}/download': 1,
    });
  });

  it('is refused by the simulator when a v2024 call lacks the header, as by the vendor', async () => {
    const sim = gateway.simulators.sailpoint.url;
    const form = new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: 'sim-sailpoint-client',
      client_secret: gateway.env.SAILPOINT_CLIENT_SECRET!,
    });
    // The token endpoint is not versioned: no header needed.
    const grant = await fetch(`${sim}/oauth/token`, { method: 'POST', body: form });
    expect(grant.status).toBe(200);
    const { access_token: token } = (await grant.json()) as { access_token: string };
    const job = await gateway.control<{ jobId: string }>('sailpoint', 'POST', '/__sim/imports', {
      status: 'COMPLETE',
    });
    const refused = await fetch(`${sim}/v2024/sp-config/import/${job.jobId}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(refused.status).toBe(400);
    const body = (await refused.json()) as { detailCode: string; causes: { text: string }[] };
    expect(body.detailCode).toBe('400.1 Bad Request Content');
    expect(body.causes[0]!.text).toMatch(/X-SailPoint-Experimental: true/);
    const accepted = await fetch(`${sim}/v2024/sp-config/import/${job.jobId}`, {
      headers: { authorization: `Bearer ${token}`, 'x-sailpoint-experimental': 'true' },
    });
    expect(accepted.status).toBe(200);
    // v2025 is not experimental: no header needed there.
    const stable = await fetch(`${sim}/v2025/sp-config/import/${job.jobId}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(stable.status).toBe(200);
  });
});

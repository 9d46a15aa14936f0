import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCommerceLayerSource } from '../../../src/providers/commercelayer/source.ts';
import type { ImportSource } from '../../../src/providers/import-source.ts';
import { commerceLayerSimulator } from '../../../src/simulators/commercelayer/index.ts';
import { capturingLogger } from '../../support/log-capture.ts';
import { useSimulator } from '../../support/simulators.ts';
import { settingsFor } from './support.ts';

/**
 * A loopback proxy in front of the real simulator that renames one status in every answer: the
 * vendor adding a status is a change to its answers, which the simulator (true to today's enum)
 * cannot make. Everything else, paging and counts included, is the simulator's own.
 */
async function renamingProxy(
  target: string,
  from: string,
  to: string,
): Promise<{ url: string; server: Server }> {
  const server = createServer((incoming, outgoing) => {
    void (async () => {
      const chunks: Buffer[] = [];
      for await (const chunk of incoming) chunks.push(chunk as Buffer);
      const headers: Record<string, string> = {};
      for (const name of ['authorization', 'accept', 'content-type']) {
        const value = incoming.headers[name];
        if (typeof value === 'string') headers[name] = value;
      }
      const response = await fetch(target + incoming.url, {
        method: incoming.method,
        headers,
        body: chunks.length > 0 ? Buffer.concat(chunks) : undefined,
      });
      const body = (await response.text()).replaceAll(`"status":"${from}"`, `"status":"${to}"`);
      outgoing.writeHead(response.status, {
        'content-type': response.headers.get('content-type') ?? 'text/plain',
      });
      outgoing.end(body);
    })().catch(() => outgoing.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

describe('Commerce Layer source: a status the resource schema does not list', () => {
  const sim = useSimulator(commerceLayerSimulator, { imports: 40, rateLimits: false });
  const capture = capturingLogger('warn');
  let proxy: { url: string; server: Server };
  let source: ImportSource;
  beforeAll(async () => {
    proxy = await renamingProxy(sim.url, 'completed', 'archived');
    source = createCommerceLayerSource(settingsFor(proxy.url), { log: capture.log });
  });
  afterAll(async () => {
    await source.close();
    proxy.server.closeAllConnections();
    await new Promise((resolve) => proxy.server.close(resolve));
  });

  it('reads it as RUNNING, not terminal, and warns once however many imports and lists show it', async () => {
    const request = {
      order: { field: 'CREATED_AT', direction: 'DESC' },
      limit: 100,
      conditions: {},
    } as const;
    const first = await source.list(request);
    const renamed = first.items.filter((item) => item.providerStatus === 'archived');
    expect(renamed.length).toBeGreaterThan(1);
    for (const item of renamed) expect(item).toMatchObject({ status: 'RUNNING', terminal: false });
    await source.list(request);
    await source.get(renamed.map(({ providerId }) => ({ providerId })));
    const warnings = capture.entries().filter((entry) => entry.providerStatus !== undefined);
    expect(warnings.map((entry) => [entry.level, entry.provider, entry.providerStatus])).toEqual([
      [40, 'COMMERCE_LAYER', 'archived'],
    ]);
  });
});

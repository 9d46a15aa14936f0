import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UpstreamClient } from '../../../src/providers/http/upstream-client.ts';
import { UpstreamError } from '../../../src/providers/http/upstream-error.ts';
import { vendorPath } from '../../../src/providers/http/vendor-path.ts';

/** A vendor stand-in on loopback that writes down the path of every request it gets. */
let server: Server;
let origin = '';
const seen: string[] = [];

beforeAll(async () => {
  server = createServer((request, response) => {
    seen.push(request.url ?? '');
    response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

describe('the upstream client and dot segments', () => {
  it('refuses, unsent, a URL whose path a dot segment would move; sends an ordinary one', async () => {
    const client = new UpstreamClient('SAILPOINT', {}, {});
    try {
      for (const id of ['..', '.', '%2e%2e']) {
        const url = `${origin}/v2025/sp-config/import/${id}`;
        const error = await client.request({ method: 'GET', url }).catch((failure: unknown) => failure);
        expect(error, id).toBeInstanceOf(UpstreamError);
        expect(error).toMatchObject({ provider: 'SAILPOINT', failure: 'invalid-request' });
        expect((error as Error).message).toBe(
          'The gateway refused to send a request to SailPoint: its path has a "." or ".." segment, which would reach another resource than the one named.',
        );
      }
      expect(seen).toEqual([]);
      const answer = await client.request({
        method: 'GET',
        url: `${origin}/v2025/sp-config${vendorPath('import', 'a/b')}`,
      });
      expect(answer.status).toBe(200);
      expect(seen).toEqual(['/v2025/sp-config/import/a%2Fb']);
    } finally {
      await client.close();
    }
  });
});

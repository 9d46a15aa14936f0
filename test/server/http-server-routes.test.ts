/**
 * The gateway's HTTP server and a route that throws before it returns (synchronously): the
 * request takes the same path as a route whose promise rejects (logged, 500 in words), and the
 * server goes on answering. Only the routing is exercised: /graphql is never called here, so its
 * Apollo server and authentication are not built.
 */
import type { AddressInfo } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { ProviderSet } from '../../src/imports/provider-info.ts';
import { createHostPolicy } from '../../src/server/http/host-policy.ts';
import { createHttpServer, type HttpServerOptions } from '../../src/server/http/http-server.ts';
import { capturingLogger } from '../support/log-capture.ts';

const capture = capturingLogger('error');
const http = createHttpServer({
  providers: new ProviderSet([]),
  metrics: undefined,
  corsOrigins: [],
  log: capture.log,
  hosts: createHostPolicy({ open: true, host: '127.0.0.1', allowedHosts: [] }),
  maxBodyBytes: 1_000,
  requestDeadlineMs: 1_000,
  playground: false,
  persisted: undefined,
  extraRoutes: {
    '/throws': () => {
      throw new Error('a file could not be read');
    },
  },
} as Partial<HttpServerOptions> as HttpServerOptions);
afterAll(() => http.server.close());

describe('a route that throws synchronously', () => {
  it('answers 500 in words, is logged, and the server keeps answering', async () => {
    await new Promise<void>((resolve) => http.server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(http.server.address() as AddressInfo).port}`;
    const failed = await fetch(`${url}/throws`);
    expect(failed.status).toBe(500);
    const body = await failed.text();
    expect(body).toContain('Internal server error');
    expect(body).not.toContain('could not be read');
    expect(capture.messages()).toContain('request failed');
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
  });
});

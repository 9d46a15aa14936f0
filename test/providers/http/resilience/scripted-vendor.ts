import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll } from 'vitest';

/** What the vendor does with one request: answer (after `delayMs`) or drop the connection. */
export type Step =
  { status: number; headers?: Record<string, string>; body?: string; delayMs?: number } | { reset: true };

export interface ScriptedVendor {
  readonly url: string;
  /** Steps for the next requests to `path`, in order; when they run out, 200 `{"ok":true}`. */
  script(path: string, ...steps: Step[]): void;
  /** Requests received per path since the last reset, in order, with their instant. */
  hits(path: string): { at: number; method: string; authorization?: string }[];
}

/**
 * A real HTTP server on loopback whose answers the test scripts per path: the resilience layer
 * is tested over real sockets, with the exact sequence of failures each case needs.
 */
export function useScriptedVendor(): ScriptedVendor {
  const scripts = new Map<string, Step[]>();
  const received = new Map<string, { at: number; method: string; authorization?: string }[]>();
  let url = '';
  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    const path = new URL(request.url ?? '/', 'http://vendor.invalid').pathname;
    received.set(path, [
      ...(received.get(path) ?? []),
      { at: Date.now(), method: request.method ?? 'GET', authorization: request.headers.authorization },
    ]);
    request.resume();
    request.on('end', () => {
      const step = scripts.get(path)?.shift() ?? { status: 200, body: '{"ok":true}' };
      if ('reset' in step) {
        request.socket.destroy();
        return;
      }
      setTimeout(() => {
        response.writeHead(step.status, { 'content-type': 'application/json', ...step.headers });
        response.end(step.body ?? JSON.stringify({ status: step.status }));
      }, step.delayMs ?? 0);
    });
  });
  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterEach(() => {
    scripts.clear();
    received.clear();
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
  return {
    get url() {
      return url;
    },
    script(path, ...steps) {
      scripts.set(path, steps);
    },
    hits(path) {
      return received.get(path) ?? [];
    },
  };
}

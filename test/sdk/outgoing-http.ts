import diagnostics from 'node:diagnostics_channel';
import type { ClientRequest } from 'node:http';
import { afterAll, beforeAll } from 'vitest';

/** Environment variables through which an HTTP client could be sent off this machine. */
const PROXY_VARIABLES = ['HTTP_PROXY', 'HTTPS_PROXY', 'ALL_PROXY', 'NO_PROXY'].flatMap((name) => [
  name,
  name.toLowerCase(),
]);

export interface OutgoingHttp {
  /** `host path` of every request node:http started in this file. */
  readonly started: string[];
  /** Requests to a host other than loopback, destroyed before they could answer; a test fails if any. */
  readonly refused: string[];
}

/**
 * Watches every request `node:http` starts (axios's Node adapter, so both the SailPoint SDK's
 * token request and its API calls) and destroys any whose socket would go to a host other than
 * 127.0.0.1, a proxy included. Proxy variables are removed for the file, so no agent picks one up.
 */
export function watchOutgoingHttp(): OutgoingHttp {
  const watched: OutgoingHttp = { started: [], refused: [] };
  const saved = new Map<string, string | undefined>();
  const onStart = (message: unknown) => {
    const request = (message as { request: ClientRequest }).request;
    const line = `${request.host} ${request.path}`;
    watched.started.push(line);
    if (request.host !== '127.0.0.1') {
      watched.refused.push(line);
      request.destroy(new Error(`refused to leave loopback: ${line}`));
    }
  };
  beforeAll(() => {
    for (const name of PROXY_VARIABLES) {
      saved.set(name, process.env[name]);
      delete process.env[name];
    }
    diagnostics.subscribe('http.client.request.start', onStart);
  });
  afterAll(() => {
    diagnostics.unsubscribe('http.client.request.start', onStart);
    for (const [name, value] of saved) if (value !== undefined) process.env[name] = value;
  });
  return watched;
}

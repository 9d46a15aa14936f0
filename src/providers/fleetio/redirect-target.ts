import { UpstreamError } from '../http/upstream-error.ts';

/** Where a records redirect leads, and whether Fleetio's credentials may go with it. */
export interface RedirectTarget {
  url: string;
  /** Same scheme, host and port as the base URL: Fleetio's own server, which gets its own keys. */
  sameOrigin: boolean;
}

const LOOPBACK = /^(127(?:\.\d{1,3}){3}|\[::1\]|localhost)$/i;

const isLoopbackHttp = (url: URL) => url.protocol === 'http:' && LOOPBACK.test(url.hostname);

/**
 * Checks the `Location` of `GET /v1/imports/{id}/records` (specs/VENDOR-REFERENCE.md §1.2). Fleetio
 * does not document the target, so the gateway holds it to what fetch and browsers do: credentials
 * kept on the same origin, dropped on any other. It must be `https:`; plain `http:` only on
 * loopback while the configured base URL is itself loopback `http:` (a simulator), so a production
 * key never travels in clear and a redirect cannot aim the gateway at a plain-text host.
 */
export function redirectTarget(location: string, from: string, baseUrl: string): RedirectTarget {
  const refuse = (why: string) =>
    new UpstreamError(
      'FLEETIO',
      'error',
      `Fleetio redirected the records to ${why}; the gateway does not follow it.`,
    );
  let url: URL;
  try {
    url = new URL(location, from);
  } catch {
    throw refuse('a Location that is not a URL');
  }
  const base = new URL(baseUrl);
  const allowed = url.protocol === 'https:' || (isLoopbackHttp(url) && isLoopbackHttp(base));
  if (!allowed) throw refuse(`a ${url.protocol} URL (only https: is followed)`);
  return { url: url.toString(), sameOrigin: url.origin === base.origin };
}

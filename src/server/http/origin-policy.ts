import type { IncomingMessage } from 'node:http';

/**
 * Whether a browser page at the request's `Origin` may open it. Browsers send `Origin` with every
 * WebSocket handshake and do not apply CORS to WebSockets, so the gateway checks it itself: the
 * gateway's own pages (the playground: the Origin names the Host the request came to) and
 * CORS_ORIGINS are let in, any other page is refused. A request without `Origin` comes from
 * no browser page (a server-side client, curl) and meets the credential check alone.
 */
export function originAllowed(request: IncomingMessage, corsOrigins: readonly string[]): boolean {
  const origin = request.headers.origin;
  if (origin === undefined) return true;
  if (corsOrigins.includes('*') || corsOrigins.includes(origin)) return true;
  if (!URL.canParse(origin)) return false;
  const host = request.headers.host;
  return host !== undefined && new URL(origin).host === host.toLowerCase();
}

import type { Duplex } from 'node:stream';
import { STATUS_CODES } from 'node:http';
import type { GraphQLError } from 'graphql';
import { formatError } from '../operation/format.ts';

/**
 * Answers a WebSocket upgrade with a plain HTTP error instead of a handshake, in the
 * GraphQL-over-HTTP error shape the HTTP route uses, and closes the socket: no WebSocket is
 * opened, so a browser's `onerror`/`onclose` fires and a server-side client reads the reason.
 */
export function refuseUpgrade(
  socket: Duplex,
  refusal: { status: number; error: GraphQLError; headers?: Record<string, string> },
): void {
  const body = JSON.stringify({ errors: [formatError(refusal.error)] });
  const headers = {
    'content-type': 'application/json; charset=utf-8',
    'content-length': String(Buffer.byteLength(body)),
    connection: 'close',
    ...refusal.headers,
  };
  const head = Object.entries(headers).map(([name, value]) => `${name}: ${value}\r\n`);
  socket.end(`HTTP/1.1 ${refusal.status} ${STATUS_CODES[refusal.status]}\r\n${head.join('')}\r\n${body}`);
}

import type { IncomingMessage, ServerResponse } from 'node:http';
import type { GraphQLError } from 'graphql';
import { errorCodeEntry } from '../../graphql/error-codes.ts';
import { formatError } from '../operation/format.ts';

export class BodyTooLargeError extends Error {}

/**
 * The whole body, refused as soon as it (or its declared length) passes `limit`. The rest is then
 * read and dropped (Node does the same for a body never read), never cut by destroying the
 * socket, nor by answering `Connection: close`, which makes Node destroy it once the answer is
 * out: a client still sending would read a reset (EPIPE, or ECONNRESET on its next request)
 * instead of the 413. Node's requestTimeout bounds how long a client may keep sending.
 */
export function readBody(request: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = Number(request.headers['content-length'] ?? 0);
  if (declared > limit) return Promise.reject(new BodyTooLargeError());
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) return void chunks.push(chunk);
      request.off('data', onData);
      request.resume();
      reject(new BodyTooLargeError());
    };
    let ended = false;
    request.on('data', onData);
    request.once('end', () => {
      ended = true;
      resolve(Buffer.concat(chunks));
    });
    request.once('error', reject);
    // Every request closes, most after their body ended: an Error (and its stack) only when it matters.
    request.once('close', () => {
      if (!ended) reject(new Error('The client closed the request before its body ended.'));
    });
  });
}

export interface RequestRefusal {
  /** Made by the helper of its code (graphql/errors.ts). */
  error: GraphQLError;
  /** Default: the HTTP status of the error's code (graphql/error-codes.ts). */
  status?: number;
  headers?: Record<string, string>;
}

/** Request-level failures in the GraphQL-over-HTTP shape, so every client can read them. */
export function sendGraphQLError(response: ServerResponse, refusal: RequestRefusal): void {
  const { error, headers = {} } = refusal;
  const status = refusal.status ?? errorCodeEntry(error.extensions.code)?.httpStatus ?? 500;
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
  // Formatted as every other error is, so `retryable` and a retry hint reach this client too.
  response.end(JSON.stringify({ errors: [formatError(error)] }));
}

export function sendJson(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'cache-control': 'no-store',
  });
  response.end(JSON.stringify(body));
}

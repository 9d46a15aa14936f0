import type { IncomingMessage, ServerResponse } from 'node:http';
import { forbidden } from '../../graphql/errors.ts';
import { sendGraphQLError } from './http-body.ts';

/** Headers a browser client may send: GraphQL over HTTP, auth, Apollo's CSRF header, our request id. */
const ALLOWED_HEADERS = [
  'accept',
  'authorization',
  'content-type',
  'apollo-require-preflight',
  'x-apollo-operation-name',
  'x-request-id',
].join(', ');

/**
 * CORS with an allowlist (CORS_ORIGINS). A listed origin gets its own origin echoed back (never
 * `*` with credentials); any other origin gets no CORS headers, so the browser keeps the answer
 * from the page, and its preflight is refused with a reason. Credentials travel in the
 * Authorization header, not in cookies, so `Access-Control-Allow-Credentials` is not needed.
 * Answers true when it has answered the request itself (a preflight). `methods`: what the path
 * takes (GraphQL's by default; the console's pages are read with GET and HEAD only).
 */
export function handleCors(
  request: IncomingMessage,
  response: ServerResponse,
  allowlist: string[],
  methods = 'GET, POST, OPTIONS',
): boolean {
  const origin = request.headers.origin;
  const preflight = request.method === 'OPTIONS';
  if (!origin) {
    if (!preflight) return false;
    response.writeHead(204, { allow: methods });
    response.end();
    return true;
  }
  response.setHeader('vary', 'Origin');
  const allowed = allowlist.includes('*') || allowlist.includes(origin);
  if (allowed) {
    response.setHeader('access-control-allow-origin', origin);
    response.setHeader('access-control-expose-headers', 'x-request-id, retry-after');
  }
  if (!preflight) return false;
  if (!allowed) {
    sendGraphQLError(response, {
      error: forbidden(
        `The origin ${origin.slice(0, 200)} may not call this gateway from a browser (CORS_ORIGINS).`,
      ),
    });
    return true;
  }
  response.writeHead(204, {
    'access-control-allow-methods': methods,
    'access-control-allow-headers': ALLOWED_HEADERS,
    'access-control-max-age': '600',
  });
  response.end();
  return true;
}

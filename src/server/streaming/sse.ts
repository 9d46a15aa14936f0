import type { IncomingMessage, ServerResponse } from 'node:http';
import { OperationTypeNode, type ExecutionResult, type GraphQLError } from 'graphql';
import { badRequest, unauthenticated } from '../../graphql/errors.ts';
import { BodyTooLargeError, readBody, sendGraphQLError } from '../http/http-body.ts';
import { CREDENTIAL_EXPIRED, whenCredentialExpires } from '../operation/credential-expiry.ts';
import { eventIdOf } from '../operation/event-ids.ts';
import { executeOperation, subscribeOperation, type LiveOperation } from '../operation/execute.ts';
import { formatError, formatResult } from '../operation/format.ts';
import { prepareOperation, type OperationRequest } from '../operation/prepare.ts';
import { scopeRefusal } from '../operation/scope-check.ts';
import { countDeliveries } from '../../telemetry/spans.ts';
import { ConnectionBudget } from './connection-budget.ts';
import { connectionScope, DEFAULT_MAX_QUEUED_EVENTS, type LiveTransportOptions } from './live-transport.ts';
import { SseStream } from './sse-stream.ts';

export interface SseOptions extends LiveTransportOptions {
  maxBodyBytes: number;
  /** Interval of the keep-alive comments on an open stream. Default 12 s (as graphql-sse). */
  pingMs?: number;
}

/** graphql-sse's single-connection mode marks its requests with this header or a `token` parameter. */
const STREAM_TOKEN_HEADER = 'x-graphql-event-stream-token';

const ONLY_DISTINCT_CONNECTIONS =
  "Only graphql-sse's distinct connections mode is served here: POST (or GET) one operation with " +
  '`Accept: text/event-stream` and read its events from the response. The single connection mode ' +
  '(PUT a stream reservation, then operations with a stream token) is not supported.';

/** Answers (and says true for) a request this handler does not serve, before anything is read. */
function refusal(request: IncomingMessage, response: ServerResponse, maxBodyBytes: number): boolean {
  const url = new URL(request.url ?? '/', 'http://gateway.invalid');
  if (request.headers[STREAM_TOKEN_HEADER] !== undefined || url.searchParams.has('token')) {
    sendGraphQLError(response, { error: badRequest(ONLY_DISTINCT_CONNECTIONS) });
    return true;
  }
  if (request.method !== 'GET' && request.method !== 'POST') {
    sendGraphQLError(response, {
      status: 405,
      error: badRequest(ONLY_DISTINCT_CONNECTIONS),
      headers: { allow: 'GET, POST' },
    });
    return true;
  }
  if (!(request.headers.accept ?? '').includes('text/event-stream')) {
    sendGraphQLError(response, {
      status: 406,
      error: badRequest(`Send \`Accept: text/event-stream\`. ${ONLY_DISTINCT_CONNECTIONS}`),
    });
    return true;
  }
  if (Number(request.headers['content-length'] ?? 0) > maxBodyBytes) {
    sendGraphQLError(response, { status: 413, error: badRequest('The request body is too large.') });
    return true;
  }
  return false;
}

type Params = { request: OperationRequest } | { status: number; message: string };

/** The operation of a GET (query string, as EventSource can only GET) or a JSON POST. */
async function readParams(request: IncomingMessage, maxBodyBytes: number): Promise<Params> {
  if (request.method === 'GET') {
    const search = new URL(request.url ?? '/', 'http://gateway.invalid').searchParams;
    try {
      const json = (name: string) => {
        const value = search.get(name);
        return value === null ? undefined : (JSON.parse(value) as unknown);
      };
      return {
        request: {
          query: search.get('query') ?? undefined,
          operationName: search.get('operationName') ?? undefined,
          variables: json('variables'),
          extensions: json('extensions'),
          documentId: search.get('documentId') ?? undefined,
        },
      };
    } catch {
      return { status: 400, message: '`variables` or `extensions` in the query string is not JSON.' };
    }
  }
  // The essence, not a substring: `text/plain; x=application/json` is a type a page of any origin
  // may POST without a CORS preflight, and must not reach an operation that way.
  const essence = (request.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (essence !== 'application/json')
    return { status: 415, message: 'Send the operation as JSON (`Content-Type: application/json`).' };
  let raw: Buffer;
  try {
    raw = await readBody(request, maxBodyBytes);
  } catch (error) {
    if (error instanceof BodyTooLargeError) return { status: 413, message: 'The request body is too large.' };
    throw error;
  }
  try {
    const body = JSON.parse(raw.toString('utf8')) as unknown;
    if (typeof body !== 'object' || body === null || Array.isArray(body))
      return { status: 400, message: 'The JSON body must be an object.' };
    return { request: body };
  } catch {
    return { status: 400, message: 'The request body is not valid JSON.' };
  }
}

/** A request error as graphql-sse streams it: one `next` with the errors (no `data`), then `complete`. */
async function refuseInStream(stream: SseStream, errors: readonly GraphQLError[]): Promise<void> {
  await stream.next({ errors: errors.map(formatError) });
  stream.complete();
}

/**
 * GraphQL over Server-Sent Events (the graphql-sse protocol) at /graphql/stream, for clients that
 * cannot open a WebSocket: `POST` (or `GET`) with `Accept: text/event-stream` streams one
 * operation ("distinct connections" mode). Credentials come in the Authorization header (401
 * without valid ones), checked like WebSocket ones, with the same scopes, caps and error codes:
 * problems with the operation (GRAPHQL_VALIDATION_FAILED, BAD_USER_INPUT, FORBIDDEN,
 * RATE_LIMITED) are an error event, then `complete`, and so is a JWT's expiry on an open stream.
 * A stream that falls too far behind is cut; beyond MAX_CONNECTIONS a new one is refused (503).
 */
export function createSseHandler(
  options: SseOptions,
): (request: IncomingMessage, response: ServerResponse) => Promise<void> {
  const maxQueued = options.maxQueuedEvents ?? DEFAULT_MAX_QUEUED_EVENTS;
  const pingMs = options.pingMs ?? 12_000;
  return async (request, response) => {
    if (refusal(request, response, options.maxBodyBytes)) return;
    const authorization = await options.authorize({ Authorization: request.headers.authorization });
    if (!authorization.allowed) {
      return sendGraphQLError(response, {
        error: unauthenticated(authorization.reason),
        headers: { 'www-authenticate': 'Bearer' },
      });
    }
    const params = await readParams(request, options.maxBodyBytes);
    if ('status' in params)
      return sendGraphQLError(response, { status: params.status, error: badRequest(params.message) });
    const prepared = prepareOperation(options.schema, params.request, options.guard);
    // GraphQL over HTTP: a GET must not change anything.
    if ('kind' in prepared && prepared.kind === OperationTypeNode.MUTATION && request.method === 'GET')
      return sendGraphQLError(response, {
        status: 405,
        error: badRequest('Send mutations with POST.'),
        headers: { allow: 'POST' },
      });

    const opened = options.connections.tryOpen();
    if (!opened) return sendGraphQLError(response, options.connections.refusal);
    response.once('close', opened);
    const stream = new SseStream(response, pingMs);
    const refuse = (errors: GraphQLError[]) => {
      options.outcomes.refused(prepared, errors);
      return refuseInStream(stream, errors);
    };
    if ('errors' in prepared) return refuse(prepared.errors);
    const forbidden = scopeRefusal(authorization.principal, prepared.kind);
    if (forbidden) return refuse([forbidden]);
    let release = () => {};
    if (prepared.kind === OperationTypeNode.SUBSCRIPTION) {
      const granted = options.limits.acquire(response, authorization.principal);
      if (typeof granted !== 'function') return refuse([granted]);
      release = granted;
    }

    const closed = new AbortController();
    // The stream ends with its credential: an error event says why, then `complete`.
    const cancelExpiry = whenCredentialExpires(authorization.principal, () => {
      void stream.next({ errors: [formatError(unauthenticated(CREDENTIAL_EXPIRED))] });
      stream.complete();
    });
    response.once('close', () => {
      cancelExpiry();
      release();
      closed.abort(new Error('client went away'));
    });
    const budget = new ConnectionBudget(maxQueued, (waiting) => {
      options.log.warn({ waiting }, 'cutting an SSE client that does not keep up');
      response.destroy();
    });
    // One stream is one connection: its scope serves its one operation.
    const operation: LiveOperation = {
      ready: prepared,
      scope: connectionScope(options, {
        principal: authorization.principal,
        delivery: budget,
        // EventSource resends the last `id:` it got when it reconnects.
        lastEventId: lastEventIdOf(request),
      }),
      connection: closed.signal,
      deadlineMs: options.requestDeadlineMs,
      outcomes: options.outcomes,
      onEnd: release,
      transport: 'sse',
      headers: request.headers,
    };
    try {
      if (prepared.kind !== OperationTypeNode.SUBSCRIPTION) {
        await stream.next(formatResult(await executeOperation(operation)));
        return stream.complete();
      }
      const results = await subscribeOperation(operation);
      if (!(Symbol.asyncIterator in results)) {
        await stream.next(formatResult(results));
        return stream.complete();
      }
      await pump(results, stream, closed.signal);
    } catch (error) {
      options.log.error({ err: error }, 'an SSE operation failed');
      response.destroy();
    }
  };
}

function lastEventIdOf(request: IncomingMessage): string | undefined {
  const value = request.headers['last-event-id'];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** Writes each result once the client took the one before; stops when it goes away. */
async function pump(
  results: AsyncIterableIterator<ExecutionResult>,
  stream: SseStream,
  closed: AbortSignal,
): Promise<void> {
  // Waiting for the next event must end when the client leaves, not at the next event.
  const stop = () => void results.return?.();
  closed.addEventListener('abort', stop, { once: true });
  try {
    for (;;) {
      const step = await results.next();
      if (step.done) return stream.complete();
      countDeliveries(step.value, 1);
      if (!(await stream.next(formatResult(step.value), eventIdOf(step.value)))) return;
    }
  } finally {
    closed.removeEventListener('abort', stop);
    await results.return?.();
  }
}

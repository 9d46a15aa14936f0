import type { IncomingMessage, ServerResponse } from 'node:http';
import { OperationTypeNode, type ExecutionResult, type GraphQLError } from 'graphql';
import { createHandler } from 'graphql-sse';
import { ConnectionBudget } from './connection-budget.ts';
import { BodyTooLargeError, readBody, sendGraphQLError } from './http-body.ts';
import { formatResult, prepareOperation } from './graphql-operation.ts';
import {
  DEFAULT_MAX_QUEUED_EVENTS,
  liveOperationContext,
  type LiveTransportOptions,
} from './live-transport.ts';

export interface SseOptions extends LiveTransportOptions {
  maxBodyBytes: number;
}

/** graphql-sse wants an ExecutionResult; its errors are already formatted for the client. */
const asResult = (result: ReturnType<typeof formatResult>) => result as unknown as ExecutionResult;

/**
 * An operation refused before it runs. graphql-sse streams what onSubscribe returns only if it
 * has a `data` key (errors alone it takes for execution arguments, and answers "Unable to detect
 * operation AST" instead), and passes it through onNext, which formats the errors.
 */
const refused = (errors: readonly GraphQLError[]): ExecutionResult => ({ data: null, errors });

/**
 * GraphQL over Server-Sent Events (the graphql-sse protocol) at /graphql/stream, for clients that
 * cannot open a WebSocket: `POST` with `Accept: text/event-stream` streams one operation
 * ("distinct connections" mode); the single-connection mode (`PUT` a reservation, then `GET` the
 * stream) works as the library provides it. Same caps, auth hook and error codes as WebSocket;
 * an SSE request that falls too far behind is cut.
 */
export function createSseHandler(
  options: SseOptions,
): (request: IncomingMessage, response: ServerResponse) => Promise<void> {
  const maxQueued = options.maxQueuedEvents ?? DEFAULT_MAX_QUEUED_EVENTS;
  const releases = new WeakMap<IncomingMessage, () => void>();
  // graphql-sse types contexts as records; GatewayContext is an interface, so it is passed as one.
  const handler = createHandler<IncomingMessage, { res: ServerResponse }, Record<PropertyKey, unknown>>({
    schema: options.schema,
    onSubscribe: async (request, params) => {
      const authorization = await options.authorize({
        Authorization: request.headers.get('authorization') ?? undefined,
      });
      if (!authorization.allowed) {
        return [
          JSON.stringify({
            errors: [{ message: authorization.reason, extensions: { code: 'UNAUTHENTICATED' } }],
          }),
          { status: 401, statusText: 'Unauthorized', headers: { 'content-type': 'application/json' } },
        ];
      }
      const prepared = prepareOperation(options.schema, params, options.guard);
      if ('errors' in prepared) return refused(prepared.errors);
      const raw = request.raw;
      const response = request.context.res;
      if (prepared.kind === OperationTypeNode.SUBSCRIPTION) {
        const granted = options.limits.acquire(raw);
        if (typeof granted !== 'function') return refused([granted]);
        releases.set(raw, granted);
        response.once('close', granted);
      }
      const closed = new AbortController();
      response.once('close', () => closed.abort(new Error('client went away')));
      const budget = new ConnectionBudget(maxQueued, (waiting) => {
        options.log.warn({ waiting }, 'cutting an SSE client that does not keep up');
        response.destroy();
      });
      const context = liveOperationContext(options, budget, closed.signal);
      return { ...prepared.args, contextValue: context as unknown as Record<PropertyKey, unknown> };
    },
    onNext: (_context, _request, result) => asResult(formatResult(result as ExecutionResult)),
    onComplete: (_context, request) => {
      releases.get(request.raw)?.();
    },
  });
  // graphql-sse's own node:http adapter reads a body of any size; this one reads it within the limit.
  return async (request, response) => {
    let raw: Buffer;
    try {
      raw = await readBody(request, options.maxBodyBytes);
    } catch (error) {
      if (!(error instanceof BodyTooLargeError)) throw error;
      return sendGraphQLError(
        response,
        413,
        'BAD_REQUEST',
        `The request body is larger than ${options.maxBodyBytes} bytes (MAX_BODY_BYTES).`,
      );
    }
    const [body, init] = await handler({
      method: request.method ?? 'GET',
      url: request.url ?? '/',
      headers: {
        get(key) {
          const header = request.headers[key];
          return Array.isArray(header) ? header.join('\n') : header;
        },
      },
      body: () => raw.toString('utf8'),
      raw: request,
      context: { res: response },
    });
    response.writeHead(init.status, init.statusText, init.headers);
    if (!body || typeof body === 'string') {
      response.end(body);
      return;
    }
    const stop = () => void body.return(undefined);
    response.once('close', stop);
    for await (const event of body) {
      if (!response.writable) break; // its close event may come later
      await new Promise<void>((resolve, reject) =>
        response.write(event, (error) => (error ? reject(error) : resolve())),
      );
    }
    response.off('close', stop);
    response.end();
  };
}

import type { IncomingMessage, ServerResponse } from 'node:http';
import { OperationTypeNode, type ExecutionResult } from 'graphql';
import { createHandler } from 'graphql-sse/lib/use/http';
import { ConnectionBudget } from './connection-budget.ts';
import { formatResult, prepareOperation } from './graphql-operation.ts';
import { executeLive, subscribeLive } from './live-execution.ts';
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
  const handler = createHandler<Record<PropertyKey, unknown>>({
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
      const prepared = prepareOperation(options.schema, params);
      if ('errors' in prepared) return asResult(formatResult({ errors: prepared.errors }));
      const raw = request.raw;
      const response = request.context.res;
      if (prepared.kind === OperationTypeNode.SUBSCRIPTION) {
        const granted = options.limits.acquire(raw);
        if (typeof granted !== 'function') return asResult(formatResult({ errors: [granted] }));
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
    execute: (args) => executeLive(args, options.requestDeadlineMs),
    subscribe: (args) => subscribeLive(args, options.requestDeadlineMs),
    onNext: (_context, _request, result) => asResult(formatResult(result as ExecutionResult)),
    onComplete: (_context, request) => {
      releases.get(request.raw)?.();
    },
  });
  return async (request, response) => {
    if (Number(request.headers['content-length'] ?? 0) > options.maxBodyBytes) {
      response.writeHead(413, { 'content-type': 'application/json; charset=utf-8' });
      response.end(
        JSON.stringify({
          errors: [{ message: 'The request body is too large.', extensions: { code: 'BAD_REQUEST' } }],
        }),
      );
      return;
    }
    await handler(request, response);
  };
}

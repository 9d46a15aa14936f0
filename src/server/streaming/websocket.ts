import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { OperationTypeNode, type GraphQLError } from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer, type WebSocket } from 'ws';
import type { RequestScope } from '../../graphql/context.ts';
import { executeOperation, subscribeOperation, type LiveOperation } from '../operation/execute.ts';
import { formatError, formatResult } from '../operation/format.ts';
import { prepareOperation } from '../operation/prepare.ts';
import { scopeRefusal } from '../operation/scope-check.ts';
import { ConnectionBudget } from './connection-budget.ts';
import { connectionScope, DEFAULT_MAX_QUEUED_EVENTS, type LiveTransportOptions } from './live-transport.ts';

export interface WebSocketOptions extends LiveTransportOptions {
  /** Path of the upgrade, the same as HTTP GraphQL. */
  path: string;
  /** Ping interval; a client that misses a pong within it is cut off. Default 12 s (graphql-ws). */
  keepAliveMs?: number;
  /** A client must send `connection_init` within this, or is closed with 4408. Default 3 s. */
  connectionInitWaitTimeoutMs?: number;
  /**
   * How long a client dropped as too slow keeps its socket, so that a client that reads again
   * reaches the 1008 close frame and its reason. Default 10 s.
   */
  slowClientGraceMs?: number;
  /** Largest message a client may send. */
  maxPayloadBytes: number;
}

/** RFC 6455 1008: the client broke a rule of the server (here: it stopped reading). */
const POLICY_VIOLATION = 1008;

/** Per socket: its scope (who it is), its backlog, its subscriptions' releases, and a signal for its operations. */
interface Connection {
  scope?: RequestScope;
  budget: ConnectionBudget;
  releases: Map<string, () => void>;
  closed: AbortController;
}

/**
 * GraphQL over WebSocket (`graphql-transport-ws`, graphql-ws) on the HTTP server's own port and
 * GraphQL path. graphql-ws closes with the protocol's codes (4400 bad message, 4401 subscribe
 * before ack, 4403 forbidden, 4408 no connection_init in time, 4409 duplicate id, 4429 second
 * init) and pings for keep-alive. This adds authentication in `connection_init` (the connection's
 * scope, built once), the operation pipeline per operation (server/operation: prepare, scope
 * check, execution with a deadline each, outcome), the caps on subscriptions and the slow-client drop.
 */
export function attachWebSocket(server: Server, options: WebSocketOptions): { close(): Promise<void> } {
  const wss = new WebSocketServer({ noServer: true, maxPayload: options.maxPayloadBytes });
  const onUpgrade = (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    const path = new URL(request.url ?? '/', 'http://gateway.invalid').pathname.replace(/\/+$/, '');
    if (path !== options.path) {
      socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    wss.handleUpgrade(request, socket, head, (ws) => wss.emit('connection', ws, request));
  };
  server.on('upgrade', onUpgrade);

  const connections = new WeakMap<WebSocket, Connection>();
  const maxQueued = options.maxQueuedEvents ?? DEFAULT_MAX_QUEUED_EVENTS;
  const graceMs = options.slowClientGraceMs ?? 10_000;
  const connectionOf = (socket: WebSocket): Connection => {
    let connection = connections.get(socket);
    if (connection) return connection;
    connection = {
      budget: new ConnectionBudget(maxQueued, (waiting) => {
        options.log.warn({ waiting }, 'dropping a WebSocket client that does not keep up');
        // Nothing more is written after this: every subscription of the socket ends (the budget
        // refuses them all), and graphql-ws sends nothing on a closing socket. The close frame
        // still queues behind what the client has not read; a client that reads again within
        // the grace period gets to it and learns why, one that never does is cut off. (A 1 s
        // cut-off dropped the frame with the unsent data, and the client saw 1006.)
        socket.close(POLICY_VIOLATION, `Too slow: ${waiting} events were waiting to be sent`);
        const cutOff = setTimeout(() => socket.terminate(), graceMs);
        cutOff.unref();
        socket.once('close', () => clearTimeout(cutOff));
      }),
      releases: new Map(),
      closed: new AbortController(),
    };
    connections.set(socket, connection);
    return connection;
  };

  const disposable = useServer(
    {
      schema: options.schema,
      connectionInitWaitTimeout: options.connectionInitWaitTimeoutMs ?? 3_000,
      onConnect: async (context) => {
        const authorization = await options.authorize(context.connectionParams);
        if (!authorization.allowed) {
          options.log.info({ reason: authorization.reason }, 'refused a WebSocket');
          return false;
        }
        const connection = connectionOf(context.extra.socket);
        connection.scope = connectionScope(options, {
          principal: authorization.principal,
          delivery: connection.budget,
        });
        return true;
      },
      onSubscribe: (context, id, payload) => {
        const prepared = prepareOperation(options.schema, payload, options.guard);
        const refuse = (errors: GraphQLError[]) => {
          options.outcomes.refused(prepared, errors);
          return errors;
        };
        if ('errors' in prepared) return refuse(prepared.errors);
        const connection = connectionOf(context.extra.socket);
        // onConnect set the scope: graphql-ws closes with 4401 on a subscribe before it.
        const scope = connection.scope!;
        const refusal = scopeRefusal(scope.principal, prepared.kind);
        if (refusal) return refuse([refusal]);
        const operation: LiveOperation = {
          ready: prepared,
          scope,
          connection: connection.closed.signal,
          deadlineMs: options.requestDeadlineMs,
          outcomes: options.outcomes,
        };
        if (prepared.kind === OperationTypeNode.SUBSCRIPTION) {
          const granted = options.limits.acquire(connection);
          if (typeof granted !== 'function') return refuse([granted]);
          const release = () => {
            granted();
            if (connection.releases.get(id) === release) connection.releases.delete(id);
          };
          connection.releases.set(id, release);
          operation.onEnd = release;
        }
        // The operation travels to `execute`/`subscribe` as graphql-ws's context value.
        return { ...prepared.args, contextValue: operation };
      },
      execute: (args) => executeOperation(args.contextValue as LiveOperation),
      subscribe: (args) => subscribeOperation(args.contextValue as LiveOperation),
      onNext: (_context, _id, _payload, _args, result) => formatResult(result),
      onError: (_context, _id, _payload, errors) => errors.map(formatError),
      onClose: (context) => {
        const connection = connections.get(context.extra.socket);
        if (!connection) return;
        for (const release of [...connection.releases.values()]) release();
        connection.closed.abort(new Error('connection closed'));
      },
    },
    wss,
    options.keepAliveMs ?? 12_000,
  );

  return {
    /** Closes every WebSocket with 1001 (going away), as the server shuts down. */
    async close() {
      server.off('upgrade', onUpgrade);
      await disposable.dispose();
    },
  };
}

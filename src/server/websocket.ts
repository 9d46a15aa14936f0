import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { OperationTypeNode } from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Principal } from './auth/authenticate.ts';
import { ConnectionBudget } from './connection-budget.ts';
import { formatError, formatResult, prepareOperation } from './graphql-operation.ts';
import { executeLive, subscribeLive } from './live-execution.ts';
import {
  DEFAULT_MAX_QUEUED_EVENTS,
  liveOperationContext,
  scopeRefusal,
  type LiveTransportOptions,
} from './live-transport.ts';

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

/** Per socket: who it is, its backlog, its subscriptions' releases, and a signal for its operations. */
interface Connection {
  principal?: Principal;
  budget: ConnectionBudget;
  releases: Map<string, () => void>;
  closed: AbortController;
}

/**
 * GraphQL over WebSocket (`graphql-transport-ws`, graphql-ws) on the HTTP server's own port and
 * GraphQL path. graphql-ws closes with the protocol's codes (4400 bad message, 4401 subscribe
 * before ack, 4403 forbidden, 4408 no connection_init in time, 4409 duplicate id, 4429 second
 * init) and pings for keep-alive. This adds authentication in `connection_init` and a scope check
 * per operation, the caps on subscriptions, error codes like HTTP's, a deadline per execution
 * (live-execution.ts), and the slow-client drop.
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
  /** The cap slot of each subscription, by its root context, for `subscribeLive` to free. */
  const slots = new WeakMap<object, () => void>();
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
        connectionOf(context.extra.socket).principal = authorization.principal;
        return true;
      },
      onSubscribe: (context, id, payload) => {
        const prepared = prepareOperation(options.schema, payload, options.guard);
        if ('errors' in prepared) return prepared.errors;
        const connection = connectionOf(context.extra.socket);
        // onConnect set the principal: graphql-ws closes with 4401 on a subscribe before it.
        const refusal = scopeRefusal(connection.principal, prepared.kind);
        if (refusal) return [refusal];
        const contextValue = liveOperationContext(
          options,
          connection.budget,
          connection.closed.signal,
          connection.principal!,
        );
        if (prepared.kind === OperationTypeNode.SUBSCRIPTION) {
          const granted = options.limits.acquire(connection);
          if (typeof granted !== 'function') return [granted];
          const release = () => {
            granted();
            if (connection.releases.get(id) === release) connection.releases.delete(id);
          };
          connection.releases.set(id, release);
          slots.set(contextValue, release);
        }
        return { ...prepared.args, contextValue };
      },
      execute: (args) => executeLive(args, options.requestDeadlineMs),
      subscribe: (args) =>
        subscribeLive(args, options.requestDeadlineMs, slots.get(args.contextValue as object)),
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

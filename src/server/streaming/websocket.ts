import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { OperationTypeNode, type GraphQLError } from 'graphql';
import { WebSocketServer, type WebSocket } from 'ws';
import type { RequestScope } from '../../graphql/context.ts';
import { forbidden, rateLimited } from '../../graphql/errors.ts';
import type { HostPolicy } from '../http/host-policy.ts';
import { originAllowed } from '../http/origin-policy.ts';
import { CREDENTIAL_EXPIRED, whenCredentialExpires } from '../operation/credential-expiry.ts';
import { executeOperation, type LiveOperation } from '../operation/execute.ts';
import { formatError } from '../operation/format.ts';
import { prepareOperation } from '../operation/prepare.ts';
import { scopeRefusal } from '../operation/scope-check.ts';
import { BroadcastGroups, type SocketSubscription } from './broadcast-groups.ts';
import { ConnectionBudget } from './connection-budget.ts';
import { serveGraphqlWs } from './graphql-ws-server.ts';
import { SocketFrames } from './socket-frames.ts';
import { refuseUpgrade } from './upgrade-refusal.ts';
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
  /** CORS_ORIGINS: browser pages of these origins, and the gateway's own, may open a WebSocket. */
  corsOrigins: readonly string[];
  /** When the gateway runs open, the upgrade's Host is checked as the HTTP API's is. */
  hosts: HostPolicy;
  /** MAX_OPERATIONS_PER_CONNECTION: queries and mutations running at once on one socket. */
  maxOperationsPerConnection: number;
}

/** Frames before `connection_init` is acknowledged (graphql-ws's payload is a few headers). */
export const MAX_INIT_FRAME_BYTES = 64 * 1024;

/** RFC 6455 1008: the client broke a rule of the server (here: it stopped reading). */
const POLICY_VIOLATION = 1008;

/**
 * Per socket: its scope (who it is), its backlog and the frames counted against it, its
 * subscriptions' releases, the queries and mutations it runs, and a signal for its operations.
 */
interface Connection {
  scope?: RequestScope;
  budget: ConnectionBudget;
  frames: SocketFrames;
  releases: Map<string, () => void>;
  running: number;
  closed: AbortController;
  /** Stops the close at the credential's expiry. */
  cancelExpiry: () => void;
}

/**
 * GraphQL over WebSocket (`graphql-transport-ws`, graphql-ws) on the HTTP server's own port and
 * GraphQL path. graphql-ws closes with the protocol's codes (4400 bad message, 4401 subscribe
 * before ack, 4403 forbidden, 4408 no connection_init in time, 4409 duplicate id, 4429 second
 * init) and pings for keep-alive. This adds the checks of the upgrade (Origin, Host when open,
 * MAX_CONNECTIONS), authentication in `connection_init` (the connection's scope, built once; the
 * socket closed with 4403 when its JWT expires), the operation pipeline per operation
 * (server/operation: prepare, scope check, execution with a deadline each, outcome), the caps on
 * subscriptions and running operations, and the slow-client drop. Subscriptions are delivered by
 * broadcast groups (broadcast-groups.ts): graphql-ws keeps their bookkeeping (subscribe,
 * complete, error), and each event is written to every subscriber of a group from one listener.
 */
export function attachWebSocket(server: Server, options: WebSocketOptions): { close(): Promise<void> } {
  const wss = new WebSocketServer({ noServer: true, maxPayload: options.maxPayloadBytes });
  /** The TCP socket under each WebSocket, which broadcast groups cork (socket-frames.ts). */
  const transports = new WeakMap<WebSocket, Duplex>();
  const onUpgrade = (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    const path = new URL(request.url ?? '/', 'http://gateway.invalid').pathname.replace(/\/+$/, '');
    if (path !== options.path) {
      socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    const refusal = upgradeRefusal(request, options);
    if (refusal) return refuseUpgrade(socket, refusal);
    wss.handleUpgrade(request, socket, head, (ws) => {
      transports.set(ws, socket);
      // Counted once open: a handshake that fails never opens, and never closes either.
      const release = options.connections.tryOpen();
      if (!release) return ws.close(TRY_AGAIN_LATER, 'Too many connections (MAX_CONNECTIONS)');
      ws.once('close', release);
      wss.emit('connection', ws, request);
    });
  };
  server.on('upgrade', onUpgrade);

  const connections = new WeakMap<WebSocket, Connection>();
  const maxQueued = options.maxQueuedEvents ?? DEFAULT_MAX_QUEUED_EVENTS;
  const graceMs = options.slowClientGraceMs ?? 10_000;
  const groups = new BroadcastGroups({ maxQueuedEvents: maxQueued });
  const connectionOf = (socket: WebSocket): Connection => {
    let connection = connections.get(socket);
    if (connection) return connection;
    const budget = new ConnectionBudget(maxQueued, (waiting) => {
      options.log.warn({ waiting }, 'dropping a WebSocket client that does not keep up');
      // Nothing more is written after this: the budget refuses every further frame, neither
      // the groups (socket-frames.ts) nor graphql-ws write on a closing socket, and its close
      // ends every subscription of the socket. The close frame
      // still queues behind what the client has not read; a client that reads again within
      // the grace period gets to it and learns why, one that never does is cut off. (A 1 s
      // cut-off dropped the frame with the unsent data, and the client saw 1006.)
      socket.close(POLICY_VIOLATION, `Too slow: ${waiting} events were waiting to be sent`);
      const cutOff = setTimeout(() => socket.terminate(), graceMs);
      cutOff.unref();
      socket.once('close', () => clearTimeout(cutOff));
    });
    connection = {
      budget,
      frames: new SocketFrames(socket, transports.get(socket)!, budget),
      releases: new Map(),
      running: 0,
      closed: new AbortController(),
      cancelExpiry: () => undefined,
    };
    connections.set(socket, connection);
    return connection;
  };

  const disposable = serveGraphqlWs(
    wss,
    {
      schema: options.schema,
      connectionInitWaitTimeout: options.connectionInitWaitTimeoutMs ?? 3_000,
      onConnect: async (context) => {
        const authorization = await options.authorize(context.connectionParams);
        if (!authorization.allowed) {
          options.log.info({ reason: authorization.reason }, 'refused a WebSocket');
          return false;
        }
        const { socket } = context.extra;
        const connection = connectionOf(socket);
        connection.scope = connectionScope(options, {
          principal: authorization.principal,
          delivery: connection.budget,
        });
        connection.cancelExpiry = whenCredentialExpires(authorization.principal, () =>
          socket.close(FORBIDDEN_CLOSE, CREDENTIAL_EXPIRED),
        );
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
          transport: 'websocket',
        };
        if (prepared.kind === OperationTypeNode.SUBSCRIPTION) {
          const granted = options.limits.acquire(connection, scope.principal);
          if (typeof granted !== 'function') return refuse([granted]);
          const release = () => {
            granted();
            if (connection.releases.get(id) === release) connection.releases.delete(id);
          };
          connection.releases.set(id, release);
          operation.onEnd = release;
          const subscription: SocketSubscription = { operation, id, frames: connection.frames };
          // The subscription travels to `subscribe` as graphql-ws's context value.
          return { ...prepared.args, contextValue: subscription };
        } else {
          if (connection.running >= options.maxOperationsPerConnection)
            return refuse([tooManyRunning(connection.running)]);
          connection.running += 1;
          let ended = false;
          operation.onEnd = () => {
            if (!ended) connection.running -= 1;
            ended = true;
          };
        }
        // The operation travels to `execute`/`subscribe` as graphql-ws's context value.
        return { ...prepared.args, contextValue: operation };
      },
      execute: (args) => {
        const operation = args.contextValue as LiveOperation;
        return executeOperation(operation).finally(operation.onEnd);
      },
      subscribe: (args) => groups.subscribe(args.contextValue as SocketSubscription),
      onError: (_context, _id, _payload, errors) => errors.map(formatError),
      onClose: (context) => {
        const connection = connections.get(context.extra.socket);
        if (!connection) return;
        connection.cancelExpiry();
        for (const release of [...connection.releases.values()]) release();
        connection.closed.abort(new Error('connection closed'));
      },
    },
    {
      keepAliveMs: options.keepAliveMs ?? 12_000,
      maxInitFrameBytes: MAX_INIT_FRAME_BYTES,
      acknowledged: (socket) => connections.get(socket)?.scope !== undefined,
      log: options.log,
    },
  );

  return {
    /** Closes every WebSocket with 1001 (going away), as the server shuts down. */
    async close() {
      server.off('upgrade', onUpgrade);
      await disposable.dispose();
    },
  };
}

/** RFC 6455 1013: the server is overloaded; the client may try again later. */
const TRY_AGAIN_LATER = 1013;
/** graphql-ws's close for a refused credential, here one that expired while connected. */
const FORBIDDEN_CLOSE = 4403;

/** Why an upgrade is refused before any handshake, if it is. */
function upgradeRefusal(request: IncomingMessage, options: WebSocketOptions) {
  if (options.hosts.guardsApi && !options.hosts.allows(request))
    return { status: 403, error: forbidden(options.hosts.refusal(request)) };
  if (!originAllowed(request, options.corsOrigins))
    return {
      status: 403,
      error: forbidden(
        `Pages of the origin ${String(request.headers.origin).slice(0, 200)} may not open a WebSocket here (CORS_ORIGINS).`,
      ),
    };
  if (options.connections.count >= options.connections.max) return options.connections.refusal;
  return undefined;
}

function tooManyRunning(running: number): GraphQLError {
  return rateLimited(
    `This connection already runs ${running} queries and mutations, the most one connection may run at once ` +
      '(MAX_OPERATIONS_PER_CONNECTION); wait for an answer before sending more.',
  );
}

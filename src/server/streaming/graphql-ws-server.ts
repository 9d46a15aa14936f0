import type { IncomingMessage } from 'node:http';
import type { FormattedExecutionResult } from 'graphql';
import { CloseCode, handleProtocols, makeServer, type ServerOptions } from 'graphql-ws';
import type { WebSocket, WebSocketServer } from 'ws';
import type { Logger } from '../../log.ts';
import { nextFrame, serializedPayload } from './next-frame.ts';

/** What graphql-ws's callbacks get as `context.extra`, as its own `ws` adapter gives it. */
export interface SocketExtra {
  socket: WebSocket;
  request: IncomingMessage;
}

export interface GraphqlWsServing {
  /** Ping interval; a client that misses a pong within it is cut off. */
  keepAliveMs: number;
  /**
   * Largest message a client may send before the connection is acknowledged: before
   * `connection_init` nobody has been authenticated, so only MAX_BODY_BYTES (ws's `maxPayload`)
   * would bound it. Larger: closed with 4400 and a reason.
   */
  maxInitFrameBytes: number;
  /** The connection has been acknowledged (its caller is known). */
  acknowledged(socket: WebSocket): boolean;
  log: Logger;
}

type GraphqlWsOptions = ServerOptions<Record<string, unknown> | undefined, SocketExtra>;

/**
 * What `onNext` hands back to graphql-ws once it has written the `next` frame itself: graphql-ws
 * still serializes its message around it (a few bytes), and `send` drops that message by its end.
 * No GraphQL result can end so: a field name has no NUL.
 */
const ALREADY_SENT = { '\u0000sent': true } as unknown as FormattedExecutionResult;
const ALREADY_SENT_END = JSON.stringify({ payload: ALREADY_SENT }).slice(1);

/** Writes a frame and answers once `ws` has handed it to the socket (graphql-ws waits for it). */
function write(socket: WebSocket, data: string): Promise<void> {
  return new Promise((resolve, reject) => {
    if (socket.readyState !== socket.OPEN) return resolve();
    socket.send(data, (error) => (error ? reject(error) : resolve()));
  });
}

/**
 * graphql-ws's protocol (its `makeServer`) over `ws` sockets: graphql-ws's own `useServer`
 * adapter, plus a bound on frames before `connection_init`, which it has no hook for (every
 * message goes straight to the protocol, which parses it whole), and a send path of its own for
 * the results graphql-ws iterates (next-frame.ts: the payload serialized once, then framed).
 * Subscription events never come through here: broadcast groups write them (broadcast-group.ts),
 * and graphql-ws only sees each subscription start and end. Errors
 * are logged, never printed to the console, and close the socket with 4500 without their message.
 */
export function serveGraphqlWs(
  wss: WebSocketServer,
  options: Omit<GraphqlWsOptions, 'onNext'>,
  serving: GraphqlWsServing,
): { dispose(): Promise<void> } {
  const server = makeServer({
    ...options,
    onNext: async (context, id, _payload, _args, result) => {
      await write(context.extra.socket, nextFrame(id, serializedPayload(result)));
      return ALREADY_SENT;
    },
  });
  wss.options.handleProtocols = handleProtocols;
  const fail = (socket: WebSocket, error: unknown) => {
    serving.log.error({ err: error }, 'a WebSocket failed');
    socket.close(CloseCode.InternalServerError, 'Internal server error');
  };
  wss.on('connection', (socket: WebSocket, request: IncomingMessage) => {
    socket.once('error', (error) => fail(socket, error));
    const keepAlive = startKeepAlive(socket, serving.keepAliveMs);
    const closed = server.opened(
      {
        protocol: socket.protocol,
        send: (data) => (data.endsWith(ALREADY_SENT_END) ? Promise.resolve() : write(socket, data)),
        close: (code, reason) => socket.close(code, reason),
        onMessage: (handle) =>
          socket.on('message', (data: Buffer | ArrayBuffer | Buffer[]) => {
            const bytes = Buffer.isBuffer(data)
              ? data
              : Array.isArray(data)
                ? Buffer.concat(data)
                : Buffer.from(data);
            if (bytes.byteLength > serving.maxInitFrameBytes && !serving.acknowledged(socket))
              return socket.close(
                CloseCode.BadRequest,
                `Messages before the connection is acknowledged are at most ${serving.maxInitFrameBytes} bytes`,
              );
            handle(bytes.toString('utf8')).catch((error: unknown) => fail(socket, error));
          }),
      },
      { socket, request },
    );
    socket.once('close', (code, reason) => {
      keepAlive();
      void closed(code, String(reason));
    });
  });
  return {
    async dispose() {
      for (const client of wss.clients) client.close(1001, 'Going away');
      wss.removeAllListeners();
      await new Promise<void>((resolve, reject) => wss.close((error) => (error ? reject(error) : resolve())));
    },
  };
}

/** Pings every `intervalMs`; a socket that has not answered by the next ping is cut off. Answers the stop. */
function startKeepAlive(socket: WebSocket, intervalMs: number): () => void {
  if (!(intervalMs > 0 && Number.isFinite(intervalMs))) return () => undefined;
  let pongWait: NodeJS.Timeout | undefined;
  const pinger = setInterval(() => {
    if (socket.readyState !== socket.OPEN) return;
    pongWait = setTimeout(() => socket.terminate(), intervalMs);
    socket.once('pong', () => clearTimeout(pongWait));
    socket.ping();
  }, intervalMs);
  return () => {
    clearInterval(pinger);
    clearTimeout(pongWait);
  };
}

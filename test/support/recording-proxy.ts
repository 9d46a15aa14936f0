import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordingProxy {
  url: string;
  /** Headers of every request forwarded so far, in order. */
  seen: { method: string; path: string; headers: IncomingHttpHeaders }[];
  close(): Promise<void>;
}

export interface RecordingProxyOptions {
  /**
   * Answer in the proxy's own name, as a reverse proxy does: a `Location` on the target's origin
   * is rewritten to the proxy's, so a redirect stays on the origin the client called.
   */
  rewriteLocation?: boolean;
  /**
   * A status to answer in the target's stead (with an empty JSON body), for a request it names:
   * one vendor route failing while the others answer, which the simulators' faults (every route
   * alike) cannot show.
   */
  failWith?: (method: string, path: string) => number | undefined;
}

/**
 * A plain HTTP forwarder in front of a simulator that writes down what the gateway sent, for
 * facts the simulator's own stats do not keep (headers). Real HTTP on both sides.
 */
export async function startRecordingProxy(
  /** Where to forward; a function when the target starts after the proxy. */
  targetOf: string | (() => string),
  options: RecordingProxyOptions = {},
): Promise<RecordingProxy> {
  const seen: RecordingProxy['seen'] = [];
  let own = '';
  const server: Server = createServer((request, response) => {
    const target = typeof targetOf === 'string' ? targetOf : targetOf();
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      seen.push({ method: request.method ?? 'GET', path: request.url ?? '/', headers: request.headers });
      const failure = options.failWith?.(request.method ?? 'GET', request.url ?? '/');
      if (failure !== undefined) {
        response.writeHead(failure, { 'content-type': 'application/json' });
        response.end('{}');
        return;
      }
      const headers = Object.fromEntries(
        Object.entries(request.headers).filter(
          ([name]) => !['host', 'connection', 'content-length'].includes(name),
        ),
      ) as Record<string, string>;
      const body = chunks.length > 0 ? Buffer.concat(chunks) : undefined;
      fetch(target + (request.url ?? '/'), { method: request.method, headers, body, redirect: 'manual' })
        .then(async (answer) => {
          const payload = Buffer.from(await answer.arrayBuffer());
          const outgoing: Record<string, string> = {};
          answer.headers.forEach((value, name) => {
            if (!['content-encoding', 'content-length', 'transfer-encoding', 'connection'].includes(name))
              outgoing[name] = value;
            if (name === 'location' && options.rewriteLocation && value.startsWith(target))
              outgoing[name] = own + value.slice(target.length);
          });
          response.writeHead(answer.status, outgoing);
          response.end(payload);
        })
        .catch(() => response.destroy());
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  own = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: own,
    seen,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A local OTLP/HTTP endpoint for the traced gateway of scenario 7: it takes every export and
 * answers 200 at once, as a collector with room to spare would, so what the bench measures is the
 * gateway's cost of making and sending spans, not a collector's. It counts what it received, to
 * show the spans really went out. It runs in the bench's own process, idle during the load.
 */
export interface OtlpSink {
  url: string;
  exports: number;
  bytes: number;
  close(): Promise<void>;
}

export async function startOtlpSink(): Promise<OtlpSink> {
  const sink: OtlpSink = { url: '', exports: 0, bytes: 0, close: () => closeServer(server) };
  const server: Server = createServer((request, response) => {
    request.on('data', (chunk: Buffer) => (sink.bytes += chunk.length));
    request.on('end', () => {
      sink.exports += 1;
      response.writeHead(200, { 'content-type': 'application/x-protobuf' });
      response.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  sink.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return sink;
}

function closeServer(server: Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((resolve) => server.close(() => resolve()));
}

import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** The URL a listening server is reached at from this machine (0.0.0.0 answers on 127.0.0.1 too). */
export function listeningUrl(server: Server, host: string): string {
  const { port } = server.address() as AddressInfo;
  const reachable = host === '0.0.0.0' ? '127.0.0.1' : host;
  return `http://${reachable.includes(':') ? `[${reachable}]` : reachable}:${port}`;
}

import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { forbidden, notFound } from '../../graphql/errors.ts';
import { projectRoot } from './console-manifest.ts';
import type { HostPolicy } from './host-policy.ts';
import { sendGraphQLError } from './http-body.ts';

type Route = (request: IncomingMessage, response: ServerResponse) => void;

/** What the page is told when served (console/src/settings.ts reads it). */
export interface ConsolePageSettings {
  /** No credential to ask for: the gateway runs open (demo mode). */
  open: boolean;
  /** The gateway runs registered operations only: the console sends its documents' hashes. */
  persistedDocuments: boolean;
}

export interface ConsoleRouteOptions {
  settings: ConsolePageSettings;
  hosts: HostPolicy;
  /** dist/console/ by default (`npm run build`). */
  directory?: string;
  /** Why the console cannot run on this gateway (console-manifest.ts): every path answers 503 with it. */
  unavailable?: string;
}

/**
 * The page runs the console's own script and style sheet and nothing else: no inline script or
 * style (elements are built in code, console/src/dom.ts), no other origin. It talks to this
 * gateway only (HTTP and its WebSocket, `'self'`), and no other site may frame it (clickjacking).
 */
export const CONSOLE_CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

const ASSETS: Record<string, string> = {
  '/console/console.js': 'text/javascript; charset=utf-8',
  '/console/console.js.map': 'application/json; charset=utf-8',
  '/console/console.css': 'text/css; charset=utf-8',
};

/**
 * `/console` and its files, built by `npm run build` into dist/console/. Each file is read on its
 * first request and kept (a few hundred KiB); a gateway that never serves a browser reads none.
 */
export function consoleRoutes(options: ConsoleRouteOptions): Record<string, Route> {
  const directory = options.directory ?? join(projectRoot(), 'dist', 'console');
  const files = new Map<string, Buffer>();
  const read = (name: string): Buffer | undefined => {
    const known = files.get(name);
    if (known) return known;
    const path = join(directory, name);
    if (!existsSync(path)) return undefined;
    const content = readFileSync(path);
    files.set(name, content);
    return content;
  };
  const guarded =
    (serve: Route): Route =>
    (request, response) => {
      // A rebound page would otherwise read the console, and through it an open gateway.
      if (!options.hosts.allows(request))
        return sendGraphQLError(response, { error: forbidden(options.hosts.refusal(request)) });
      if (request.method !== 'GET' && request.method !== 'HEAD') {
        response.writeHead(405, { allow: 'GET, HEAD', 'content-type': 'text/plain; charset=utf-8' });
        response.end('The console is read with GET.\n');
        return;
      }
      if (options.unavailable) return sendUnavailable(response, options.unavailable);
      serve(request, response);
    };
  const page: Route = (request, response) => {
    const template = read('index.html');
    if (!template)
      return sendUnavailable(
        response,
        'The console is not built: run `npm run build` (npm start does), then reload.',
      );
    const html = template
      .toString('utf8')
      .replace('content="{}"', `content="${escapeAttribute(JSON.stringify(options.settings))}"`);
    response.writeHead(200, {
      'content-type': 'text/html; charset=utf-8',
      'content-security-policy': CONSOLE_CONTENT_SECURITY_POLICY,
      'x-frame-options': 'DENY',
      'referrer-policy': 'no-referrer',
      'cache-control': 'no-store',
    });
    response.end(request.method === 'HEAD' ? undefined : html);
  };
  const routes: Record<string, Route> = { '/console': guarded(page) };
  for (const [path, type] of Object.entries(ASSETS)) {
    routes[path] = guarded((request, response) => {
      const content = read(path.slice('/console/'.length));
      if (!content)
        return sendGraphQLError(response, {
          error: notFound(`${path} is not built: run \`npm run build\`.`),
        });
      // Revalidated on each load: the names do not change from one build to the next.
      response.writeHead(200, {
        'content-type': type,
        'cache-control': 'no-cache',
        'content-length': content.length,
      });
      response.end(request.method === 'HEAD' ? undefined : content);
    });
  }
  return routes;
}

function sendUnavailable(response: ServerResponse, reason: string): void {
  response.writeHead(503, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' });
  response.end(`${reason}\n`);
}

function escapeAttribute(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
}

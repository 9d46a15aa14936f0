import { join } from 'node:path';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { forbidden, notFound } from '../../graphql/errors.ts';
import {
  consoleFiles,
  etagOf,
  matchesEtag,
  type ConsoleFile,
  type ConsoleFileName,
} from './console-files.ts';
import { projectRoot } from './console-manifest.ts';
import { renderConsolePage } from './console-page.ts';
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
  // No HTML sink may take a string (innerHTML and the like throw), and no policy may allow one.
  "require-trusted-types-for 'script'",
  "trusted-types 'none'",
].join('; ');

const ASSETS: Record<string, { name: ConsoleFileName; type: string }> = {
  '/console/console.js': { name: 'console.js', type: 'text/javascript; charset=utf-8' },
  '/console/console.js.map': { name: 'console.js.map', type: 'application/json; charset=utf-8' },
  '/console/console.css': { name: 'console.css', type: 'text/css; charset=utf-8' },
};

/** What the console's paths accept; an `OPTIONS` request is told so (http-server.ts, cors.ts). */
const CONSOLE_METHODS = 'GET, HEAD';

const NOT_BUILT = 'The console is not built: run `npm run build` (npm start does), then reload.';

/**
 * `/console` and its files, built by `npm run build` into dist/console/, read per build
 * (console-files.ts) and revalidated by their ETag (`Cache-Control: no-cache`, 304 when unchanged).
 * A file that cannot be read answers 503 saying so; it never takes the gateway down.
 */
export function consoleRoutes(options: ConsoleRouteOptions): Record<string, Route & { allow: string }> {
  const build = consoleFiles(options.directory ?? join(projectRoot(), 'dist', 'console'));
  // The page as sent depends on the settings too: rendered once per build, its ETag is of that.
  let rendered: { template: ConsoleFile; page: ConsoleFile | undefined } | undefined;
  const pageOf = (template: ConsoleFile): ConsoleFile | undefined => {
    if (rendered?.template !== template) {
      const html = renderConsolePage(template.content.toString('utf8'), options.settings);
      const content = html === undefined ? undefined : Buffer.from(html, 'utf8');
      rendered = { template, page: content && { content, etag: etagOf(content) } };
    }
    return rendered.page;
  };
  const guarded = (serve: (request: IncomingMessage, response: ServerResponse, files: BuiltFiles) => void) =>
    Object.assign(
      (request: IncomingMessage, response: ServerResponse): void => {
        // A rebound page would otherwise read the console, and through it an open gateway.
        if (!options.hosts.allows(request))
          return sendGraphQLError(response, { error: forbidden(options.hosts.refusal(request)) });
        if (request.method !== 'GET' && request.method !== 'HEAD') {
          response.writeHead(405, { allow: CONSOLE_METHODS, 'content-type': 'text/plain; charset=utf-8' });
          response.end('The console is read with GET.\n');
          return;
        }
        if (options.unavailable) return sendUnavailable(response, options.unavailable);
        const files = build();
        if (files.kind === 'missing') return sendUnavailable(response, NOT_BUILT);
        if (files.kind === 'unreadable')
          return sendUnavailable(
            response,
            `The console's files cannot be read: ${files.reason}. Run \`npm run build\` again, then reload.`,
          );
        serve(request, response, files.files);
      },
      { allow: CONSOLE_METHODS },
    );
  const page = guarded((request, response, files) => {
    const template = files.get('index.html');
    if (!template) return sendUnavailable(response, NOT_BUILT);
    const sent = pageOf(template);
    if (!sent)
      return sendUnavailable(
        response,
        "The console's page has no place for its settings (console/index.html): run `npm run build` again.",
      );
    sendFile(request, response, sent, {
      'content-type': 'text/html; charset=utf-8',
      'content-security-policy': CONSOLE_CONTENT_SECURITY_POLICY,
      'x-frame-options': 'DENY',
      'referrer-policy': 'no-referrer',
    });
  });
  const routes: Record<string, Route & { allow: string }> = { '/console': page };
  for (const [path, { name, type }] of Object.entries(ASSETS)) {
    routes[path] = guarded((request, response, files) => {
      const file = files.get(name);
      if (!file)
        return sendGraphQLError(response, {
          error: notFound(`${path} is not built: run \`npm run build\`.`),
        });
      sendFile(request, response, file, { 'content-type': type });
    });
  }
  return routes;
}

type BuiltFiles = ReadonlyMap<ConsoleFileName, ConsoleFile>;

/**
 * Revalidated on each load (the names do not change from one build to the next): a browser that
 * has this content already gets 304 and no body.
 */
function sendFile(
  request: IncomingMessage,
  response: ServerResponse,
  file: ConsoleFile,
  headers: Record<string, string>,
): void {
  const common = { ...headers, 'cache-control': 'no-cache', etag: file.etag };
  if (matchesEtag(request.headers['if-none-match'], file.etag)) {
    response.writeHead(304, common);
    response.end();
    return;
  }
  response.writeHead(200, { ...common, 'content-length': file.content.length });
  response.end(request.method === 'HEAD' ? undefined : file.content);
}

function sendUnavailable(response: ServerResponse, reason: string): void {
  response.writeHead(503, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' });
  response.end(`${reason}\n`);
}

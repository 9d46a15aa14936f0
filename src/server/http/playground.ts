import { createHash } from 'node:crypto';

export interface PlaygroundPage {
  html: string;
  /** The Content-Security-Policy that lets this page, and nothing else, run. */
  contentSecurityPolicy: string;
}

let page: Promise<PlaygroundPage> | undefined;

/**
 * GraphiQL with its scripts and styles inlined (from the npm package, not a CDN), so the
 * playground works on a machine with no internet. Loaded and rendered once, on first use: the
 * package is about 9 MB of inlined assets, which a gateway that never serves a browser should not
 * parse at start (it was a large share of the cold start, bench/NOTES.md).
 */
export function playgroundPage(): Promise<PlaygroundPage> {
  page ??= import('@graphql-yoga/render-graphiql').then(({ renderGraphiQL }) => {
    const html = renderGraphiQL({
      title: 'Import gateway',
      endpoint: '/graphql',
      subscriptionsProtocol: 'WS',
      defaultQuery: `# Imports across Fleetio, SailPoint and Commerce Layer, newest first.
query RecentImports {
  imports(first: 10) {
    totalCount
    edges {
      cursor
      node { id provider providerId status providerStatus resourceType createdAt progress }
    }
    pageInfo { hasNextPage endCursor }
  }
  providers { provider enabled healthy capabilities }
}
`,
    });
    return { html, contentSecurityPolicy: contentSecurityPolicy(html) };
  });
  // A failed load is tried again on the next request rather than remembered.
  page.catch(() => (page = undefined));
  return page;
}

/**
 * Only the page's own inline scripts run, each allowed by its hash (the page has no nonce to
 * carry, being rendered once for every visitor); GraphiQL's editor starts its workers from blob
 * URLs and adds style elements as it goes, so styles stay inline-allowed (styles run no code).
 * It talks to this gateway only (HTTP and WebSocket, `'self'`), loads nothing else, and no other
 * site may frame it (clickjacking).
 */
function contentSecurityPolicy(html: string): string {
  const hashes = [...html.matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g)].map(
    ([, body]) => `'sha256-${createHash('sha256').update(body!).digest('base64')}'`,
  );
  return [
    "default-src 'none'",
    `script-src ${hashes.join(' ')}`,
    "style-src 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self' data:",
    "connect-src 'self'",
    'worker-src blob:',
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** A browser navigating to /graphql asks for HTML; API clients ask for JSON. */
export function wantsPlayground(method: string, accept: string | undefined): boolean {
  if (method !== 'GET' || !accept) return false;
  return accept.includes('text/html') && !accept.includes('application/graphql-response+json');
}

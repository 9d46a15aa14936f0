import { renderGraphiQL } from '@graphql-yoga/render-graphiql';

let page: string | undefined;

/**
 * GraphiQL with its scripts and styles inlined (from the npm package, not a CDN), so the
 * playground works on a machine with no internet. Rendered once, on first use.
 */
export function playgroundPage(): string {
  page ??= renderGraphiQL({
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
  return page;
}

/** A browser navigating to /graphql asks for HTML; API clients ask for JSON. */
export function wantsPlayground(method: string, accept: string | undefined): boolean {
  if (method !== 'GET' || !accept) return false;
  return accept.includes('text/html') && !accept.includes('application/graphql-response+json');
}

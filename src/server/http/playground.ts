let page: Promise<string> | undefined;

/**
 * GraphiQL with its scripts and styles inlined (from the npm package, not a CDN), so the
 * playground works on a machine with no internet. Loaded and rendered once, on first use: the
 * package is about 9 MB of inlined assets, which a gateway that never serves a browser should not
 * parse at start (it was a large share of the cold start, bench/NOTES.md).
 */
export function playgroundPage(): Promise<string> {
  page ??= import('@graphql-yoga/render-graphiql').then(({ renderGraphiQL }) =>
    renderGraphiQL({
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
    }),
  );
  // A failed load is tried again on the next request rather than remembered.
  page.catch(() => (page = undefined));
  return page;
}

/** A browser navigating to /graphql asks for HTML; API clients ask for JSON. */
export function wantsPlayground(method: string, accept: string | undefined): boolean {
  if (method !== 'GET' || !accept) return false;
  return accept.includes('text/html') && !accept.includes('application/graphql-response+json');
}

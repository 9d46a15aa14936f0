import { InMemoryCache } from '@apollo/client';
import { relayStylePagination } from '@apollo/client/utilities';

/**
 * Apollo's cache for the imports screen. `imports` is one Relay connection per filter and order:
 * `fetchMore({ variables: { after: endCursor } })` appends a page to the same list, a query
 * without `after` (a refetch) replaces it. An import's messages are paged the same way, one list
 * per severity filter, and its records as one list. Imports are normalized by `id` (a global id), so a change event or a
 * mutation's answer updates every list and detail that shows the import.
 */
export function createImportsCache(): InMemoryCache {
  return new InMemoryCache({
    typePolicies: {
      Query: {
        fields: {
          imports: relayStylePagination(['filter', 'orderBy']),
        },
      },
      Import: {
        fields: {
          messages: relayStylePagination(['severities']),
          records: relayStylePagination(),
        },
      },
      // The parts of one split share the group's id but not their `part`: kept inside each import,
      // not normalized into one object that every part would overwrite.
      ImportGroup: { keyFields: false },
    },
  });
}

/**
 * Drops an import the gateway announced as DELETED: `relayStylePagination` leaves out edges
 * whose node is gone, so every list drops its row, and `gc` frees what only it referenced.
 */
export function evictImport(cache: InMemoryCache, id: string): boolean {
  const evicted = cache.evict({ id: cache.identify({ __typename: 'Import', id }) });
  cache.gc();
  return evicted;
}

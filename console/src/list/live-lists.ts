import type { ApolloClient, Reference } from '@apollo/client';
import type { ImportChange } from '../../../examples/client/live.ts';
import type { ImportFilter } from '../../../examples/client/generated/graphql.ts';

type ChangedImport = ImportChange['import'];

/**
 * Puts imports that `importsChanged` announces into every cached list they belong in, in place,
 * so the pages already loaded (and the scroll position) stay; Apollo has already written the
 * import itself, and evicted a DELETED one.
 *
 * Why not refetch: a refetch without `after` replaces the list with its first page, dropping the
 * pages scrolled through. An import enters a list when it is CREATED, or UPDATED into a status the
 * list asks for (PENDING → RUNNING under "Running"). One that stops matching (RUNNING → SUCCEEDED
 * under "Running") stays, showing its new status: the change is what the person watches for; the
 * next load of the list leaves it out. Lists whose order or conditions this cannot evaluate are
 * left alone: the kit refetches every list after a lost connection.
 */
export function keepListsCurrent(apollo: ApolloClient, change: ImportChange): void {
  const cache = apollo.cache;
  const ref = cache.identify({ __typename: 'Import', id: change.import.id });
  if (!ref) return;
  cache.modify({
    id: 'ROOT_QUERY',
    fields: {
      imports(existing: StoredConnection | Reference, { storeFieldName, readField, toReference }) {
        if (!isStoredConnection(existing)) return existing;
        const present = existing.edges.some((edge) => edge.node?.__ref === ref);
        if (change.kind === 'DELETED')
          return present
            ? {
                ...existing,
                edges: existing.edges.filter((edge) => edge.node?.__ref !== ref),
                totalCount: Math.max(0, (existing.totalCount ?? 1) - 1),
              }
            : existing;
        const args = argumentsOf(storeFieldName);
        if (present || !args || args.orderBy || matchesImportFilter(change.import, args.filter) !== true)
          return existing;
        const created = Date.parse(change.import.createdAt);
        // Newest first (the default order): before the first loaded import created earlier.
        const at = existing.edges.findIndex((edge) => {
          const createdAt = edge.node ? readField<string>('createdAt', edge.node) : undefined;
          return createdAt !== undefined && Date.parse(createdAt) < created;
        });
        // Older than every loaded import: its place is on a page not loaded yet, unless none is left.
        if (at < 0 && existing.pageInfo?.hasNextPage !== false) return existing;
        const node = toReference(change.import);
        if (!node) return existing;
        const edge: StoredEdge = { __typename: 'ImportEdge', cursor: '', node };
        const edges = [...existing.edges];
        edges.splice(at < 0 ? edges.length : at, 0, edge);
        return { ...existing, edges, totalCount: (existing.totalCount ?? 0) + 1 };
      },
    },
  });
}

/**
 * Whether an import meets a list's filter, as the gateway decides (src/imports/conditions.ts):
 * undefined when the filter has a condition the page cannot check (ids, updated range).
 */
export function matchesImportFilter(
  item: ChangedImport,
  filter: ImportFilter | undefined,
): boolean | undefined {
  if (!filter) return true;
  if (filter.ids || filter.updatedAfter || filter.updatedBefore) return undefined;
  if (filter.providers && !filter.providers.includes(item.provider)) return false;
  if (filter.statuses && !filter.statuses.includes(item.status)) return false;
  if (filter.resourceTypes) {
    const types = (item.resourceType ?? '').split(',').map((type) => type.trim());
    if (!filter.resourceTypes.some((type) => types.includes(type))) return false;
  }
  const created = Date.parse(item.createdAt);
  if (filter.createdAfter && !(created > Date.parse(String(filter.createdAfter)))) return false;
  if (filter.createdBefore && !(created < Date.parse(String(filter.createdBefore)))) return false;
  if (filter.reference !== undefined && filter.reference !== null && item.reference !== filter.reference)
    return false;
  if (filter.groupId !== undefined && filter.groupId !== null && item.group?.id !== filter.groupId)
    return false;
  return true;
}

/** What relayStylePagination keeps for one list (edges hold references to normalized imports). */
interface StoredConnection {
  edges: StoredEdge[];
  pageInfo?: { hasNextPage?: boolean };
  totalCount?: number;
}

interface StoredEdge {
  __typename?: string;
  cursor: string;
  node?: Reference;
}

function isStoredConnection(value: unknown): value is StoredConnection {
  return typeof value === 'object' && value !== null && Array.isArray((value as StoredConnection).edges);
}

/**
 * The key arguments Apollo put in the field's store name (`imports:{"filter":{…}}`, cache.ts keys
 * lists by filter and order); undefined when they cannot be read.
 */
function argumentsOf(storeFieldName: string): { filter?: ImportFilter; orderBy?: unknown } | undefined {
  const colon = storeFieldName.indexOf(':');
  if (colon < 0) return {};
  try {
    return JSON.parse(storeFieldName.slice(colon + 1)) as { filter?: ImportFilter; orderBy?: unknown };
  } catch {
    return undefined;
  }
}

import { expect } from 'vitest';
import type { GatewayUnderTest } from '../support/gateway.ts';

export interface WalkedImport {
  id: string;
  provider: 'FLEETIO' | 'SAILPOINT' | 'COMMERCE_LAYER';
  providerId: string;
  status: string;
  createdAt: string;
  updatedAt: string;
  resourceType: string | null;
}

interface Page {
  imports: {
    edges: { cursor: string; node: WalkedImport }[];
    pageInfo: {
      hasNextPage: boolean;
      hasPreviousPage: boolean;
      startCursor: string | null;
      endCursor: string | null;
    };
  };
}

const PAGE_QUERY = `
  query Walk($first: Int, $after: String, $last: Int, $before: String, $filter: ImportFilter, $orderBy: ImportOrder) {
    imports(first: $first, after: $after, last: $last, before: $before, filter: $filter, orderBy: $orderBy) {
      edges { cursor node { id provider providerId status createdAt updatedAt resourceType } }
      pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    }
  }`;

export interface WalkOptions {
  size: number;
  forward: boolean;
  filter?: Record<string, unknown>;
  orderBy?: { field: 'CREATED_AT' | 'UPDATED_AT'; direction: 'ASC' | 'DESC' };
  /** Called after each page with the items so far, e.g. to add imports mid-walk. */
  afterPage?: (pageIndex: number) => Promise<void>;
}

/** Pages through `imports` to the end, checking pageInfo at both ends; returns items in order. */
export async function walkImports(gateway: GatewayUnderTest, options: WalkOptions): Promise<WalkedImport[]> {
  const seen: WalkedImport[] = [];
  let cursor: string | null = null;
  for (let pageIndex = 0; pageIndex < 1000; pageIndex++) {
    const variables: Record<string, unknown> = {
      filter: options.filter,
      orderBy: options.orderBy,
      ...(options.forward ? { first: options.size, after: cursor } : { last: options.size, before: cursor }),
    };
    const response: { data?: Page; errors?: unknown[] } = await gateway.graphql<Page>(PAGE_QUERY, variables);
    expect(response.errors, JSON.stringify(response.errors)).toBeUndefined();
    const { edges, pageInfo }: Page['imports'] = response.data!.imports;
    expect(edges.length).toBeLessThanOrEqual(options.size);
    const nodes = edges.map((edge) => edge.node);
    if (options.forward) seen.push(...nodes);
    else seen.unshift(...nodes);
    // At the starting end the page says there is nothing before it.
    if (cursor === null)
      expect(options.forward ? pageInfo.hasPreviousPage : pageInfo.hasNextPage).toBe(false);
    const more = options.forward ? pageInfo.hasNextPage : pageInfo.hasPreviousPage;
    if (more) expect(edges.length).toBe(options.size);
    await options.afterPage?.(pageIndex);
    if (!more) return seen;
    cursor = options.forward ? pageInfo.endCursor : pageInfo.startCursor;
  }
  throw new Error('the walk did not end within 1000 pages');
}

/**
 * What pages and walks cost at the vendors, counted by the simulators (`/__sim/stats`), against
 * the least that could answer them: each vendor page fetched once. Fleetio pages hold up to 100
 * imports (`per_page`, specs/VENDOR-REFERENCE.md §1), Commerce Layer pages 25 (`page[size]`,
 * specs/VENDOR-REFERENCE.md §3). The gateway runs with its own defaults, so the page cache is on
 * (README.md, Pages and the page cache); one more instance runs with it off, where a page still
 * costs no more than the vendor pages that hold it.
 */
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { RunningGateway } from '../../src/gateway.ts';
import type { GraphQLResponse } from '../support/gateway.ts';
import { useGateway } from '../support/gateway.ts';
import { API_KEYS, apiKeyEntry } from '../support/secrets.ts';
import { groundTruth, keyOf, type TruthItem } from './ground-truth.ts';

/**
 * The page cache keeps each caller's pages apart (README.md, Pages and the page cache): warm-ups
 * walk as `fuzz`, and each measured walk as a caller whose earlier pages ended elsewhere, so no
 * walk is served what another fetched.
 */
const CALLERS = API_KEYS;
type Caller = keyof typeof CALLERS;

const gateway = useGateway({
  imports: 60,
  env: {
    PAGE_CACHE_TTL_MS: undefined,
    GATEWAY_API_KEYS: Object.entries(CALLERS)
      .map(([name, key]) => apiKeyEntry(name, key, 'imports:read'))
      .join(','),
  },
});

const PAGE_SIZES = { FLEETIO: 100, COMMERCE_LAYER: 25 } as const;
type PagedVendor = keyof typeof PAGE_SIZES;
const LIST_ROUTES: Record<PagedVendor, ['fleetio' | 'commercelayer', string]> = {
  FLEETIO: ['fleetio', 'GET /api/v1/imports'],
  COMMERCE_LAYER: ['commercelayer', 'GET /api/imports'],
};

interface Page {
  imports: {
    nodes: { provider: string; providerId: string }[];
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
  };
}

const PAGE = `query ($first: Int!, $after: String) {
  imports(first: $first, after: $after) {
    nodes { provider providerId } pageInfo { hasNextPage endCursor } } }`;

/** One page, asked at `url` as `caller`. */
async function page(url: string, caller: Caller, variables: Record<string, unknown>) {
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/graphql-response+json',
      authorization: `Bearer ${CALLERS[caller]}`,
    },
    body: JSON.stringify({ query: PAGE, variables }),
  });
  return (await response.json()) as Omit<GraphQLResponse<Page>, 'status'>;
}

/** Pages forward by `size`, at most `pages` pages (all of them by default); the imports shown, in order. */
async function walk(
  url: string,
  caller: Caller,
  { size, pages = Infinity }: { size: number; pages?: number },
  afterPage?: (shown: Page['imports']['nodes']) => Promise<void>,
) {
  const shown: Page['imports']['nodes'] = [];
  let after: string | null = null;
  for (let index = 0; index < pages; index++) {
    const response = await page(url, caller, { first: size, after });
    expect(response.errors).toBeUndefined();
    const { nodes, pageInfo } = response.data!.imports;
    shown.push(...nodes);
    await afterPage?.(nodes);
    if (!pageInfo.hasNextPage) break;
    after = pageInfo.endCursor;
  }
  return shown;
}

async function listRequests(): Promise<Record<PagedVendor, number>> {
  const stats = await gateway.stats();
  const count = (vendor: PagedVendor) => {
    const [simulator, route] = LIST_ROUTES[vendor];
    return stats[simulator][route] ?? 0;
  };
  return { FLEETIO: count('FLEETIO'), COMMERCE_LAYER: count('COMMERCE_LAYER') };
}

/**
 * The vendor pages that hold what a walk showed of a vendor, and its next import (the merge must
 * see where the vendor's list goes on, unless it ended): each page fetched once.
 */
function leastPages(truth: readonly TruthItem[], shown: readonly { provider: string }[]) {
  const least = (vendor: PagedVendor) => {
    const total = truth.filter((item) => item.provider === vendor).length;
    const seen = shown.filter((item) => item.provider === vendor).length;
    return Math.max(1, Math.ceil(Math.min(seen + 1, total) / PAGE_SIZES[vendor]));
  };
  return { FLEETIO: least('FLEETIO'), COMMERCE_LAYER: least('COMMERCE_LAYER') };
}

/**
 * Tokens, Commerce Layer's tie-order probe and SailPoint's first downloads: once per process,
 * not per page. Walked as `fuzz`, whose cached pages no measured walk reads.
 */
async function warmUp(url: string): Promise<void> {
  await walk(url, 'fuzz', { size: 100 });
}

describe('vendor requests with the default settings (page cache on)', () => {
  beforeAll(() => warmUp(gateway.url));
  beforeEach(() => gateway.resetStats());

  it('imports(first: 10) costs one Fleetio and one Commerce Layer request, and its next page none', async () => {
    const first = await page(gateway.url, 'reader', { first: 10 });
    expect(first.errors).toBeUndefined();
    expect(first.data!.imports.nodes).toHaveLength(10);
    expect(await listRequests()).toEqual({ FLEETIO: 1, COMMERCE_LAYER: 1 });
    // Page one fetched whole vendor pages; the page after it starts from what it did not show.
    const after = first.data!.imports.pageInfo.endCursor;
    const second = await page(gateway.url, 'reader', { first: 10, after });
    expect(second.errors).toBeUndefined();
    expect(second.data!.imports.nodes).toHaveLength(10);
    expect(await listRequests()).toEqual({ FLEETIO: 1, COMMERCE_LAYER: 1 });
  });

  it('five pages of 25 cost each vendor the least vendor pages that hold them', async () => {
    const shown = await walk(gateway.url, 'writer', { size: 25, pages: 5 });
    expect(shown).toHaveLength(125);
    const least = leastPages(await groundTruth(gateway), shown);
    const requests = await listRequests();
    expect(requests.FLEETIO).toBeLessThanOrEqual(least.FLEETIO);
    expect(requests.COMMERCE_LAYER).toBeLessThanOrEqual(least.COMMERCE_LAYER);
  });

  it('a full walk costs each vendor page once, and SailPoint no download twice', async () => {
    const truth = await groundTruth(gateway);
    // As `reader`, whose pages of 10 above ended at items 10 and 20, never at a multiple of 25.
    const shown = await walk(gateway.url, 'reader', { size: 25 });
    expect(shown.map(keyOf).sort()).toEqual(truth.map(keyOf).sort());
    const least = leastPages(truth, shown);
    const requests = await listRequests();
    const minimum = least.FLEETIO + least.COMMERCE_LAYER;
    expect(requests.FLEETIO + requests.COMMERCE_LAYER).toBeLessThanOrEqual(1.1 * minimum);
    expect(requests.FLEETIO).toBeLessThanOrEqual(least.FLEETIO);
    expect(requests.COMMERCE_LAYER).toBeLessThanOrEqual(least.COMMERCE_LAYER);
    // SailPoint is listed from the gateway's registry; a job's results are read once, ever.
    expect((await gateway.stats()).sailpoint['GET /v2025/sp-config/import/{id}/download'] ?? 0).toBe(0);
  });
});

describe('vendor requests with the page cache off (PAGE_CACHE_TTL_MS=0)', () => {
  let uncached: RunningGateway;
  beforeAll(async () => {
    uncached = await gateway.startInstance({ configure: (config) => ({ ...config, pageCacheTtlMs: 0 }) });
    await warmUp(uncached.url);
  });
  beforeEach(() => gateway.resetStats());

  it('imports(first: 10) costs one Fleetio request', async () => {
    const response = await page(uncached.url, 'reader', { first: 10 });
    expect(response.errors).toBeUndefined();
    expect(response.data!.imports.nodes).toHaveLength(10);
    expect((await listRequests()).FLEETIO).toBe(1);
  });

  it('each page of a walk costs each vendor no more than the vendor pages that hold it', async () => {
    const truth = await groundTruth(gateway);
    const perPage: { requests: Record<PagedVendor, number>; least: Record<PagedVendor, number> }[] = [];
    await walk(uncached.url, 'reader', { size: 25 }, async (nodes) => {
      perPage.push({ requests: await listRequests(), least: leastPages(truth, nodes) });
      await gateway.resetStats();
    });
    expect(perPage.length).toBeGreaterThan(1);
    for (const [index, { requests, least }] of perPage.entries()) {
      expect(requests.FLEETIO, `page ${index + 1}`).toBeLessThanOrEqual(least.FLEETIO);
      expect(requests.COMMERCE_LAYER, `page ${index + 1}`).toBeLessThanOrEqual(least.COMMERCE_LAYER);
    }
  });
});

import { beforeAll, describe, expect, it } from 'vitest';
import { encodeImportId } from '../../src/imports/global-id.ts';
import { MAX_SCAN_PAGES } from '../../src/imports/import-source.ts';
import { useGateway, type GatewayUnderTest } from '../support/gateway.ts';

/**
 * Paging both ways (`first`/`after`, `last`/`before`) through a list whose filter the gateway
 * checks itself and cuts after MAX_SCAN_PAGES vendor pages (ImportSourceState.INCOMPLETE), through
 * HTTP against the simulators: every match once, in the list's order, and the cut pages said so.
 */

interface Page {
  totalCount: number;
  totalCountPrecision: string;
  sources: { provider: string; state: string }[];
  nodes: { id: string; group: { id: string; part: number; parts: number } | null }[];
  pageInfo: {
    hasNextPage: boolean;
    hasPreviousPage: boolean;
    startCursor: string | null;
    endCursor: string | null;
  };
}

const PAGE = `query ($filter: ImportFilter, $first: Int, $after: String, $last: Int, $before: String) {
  imports(first: $first, after: $after, last: $last, before: $before, filter: $filter) {
    totalCount totalCountPrecision
    sources { provider state }
    nodes { id group { id part parts } }
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
  }
}`;

const GROUP = 'span';
/** Not sent to the vendor (it splits comma lists): checked by the gateway over every import. */
const COMMA_REFERENCE = 'span,comma';
/** The vendor pages of 25 a cut check reads (import-source.ts). */
const CHECKED = MAX_SCAN_PAGES * 25;

async function page(gateway: GatewayUnderTest, variables: Record<string, unknown>): Promise<Page> {
  const response = await gateway.graphql<{ imports: Page }>(PAGE, {
    filter: { groupId: GROUP },
    ...variables,
  });
  expect(response.errors, JSON.stringify(response.errors)).toBeUndefined();
  return response.data!.imports;
}

const stateOf = (one: Page) => one.sources.find((source) => source.provider === 'COMMERCE_LAYER')!.state;

/** Commerce Layer requests since the last reset, leaving out token requests. */
async function commerceLayerRequests(gateway: GatewayUnderTest): Promise<number> {
  const { commercelayer } = await gateway.stats();
  return Object.entries(commercelayer)
    .filter(([route]) => !route.includes('/oauth/token'))
    .reduce((sum, [, count]) => sum + count, 0);
}

type Direction = 'forward' | 'backward';

/**
 * Pages on in one direction from `cursor` (or an end of the list) until the list says there is no
 * more, checking each page's vendor requests as it goes; at most 40 pages.
 */
async function walk(
  gateway: GatewayUnderTest,
  direction: Direction,
  size: number,
  cursor?: string | null,
  filter: Record<string, unknown> = { groupId: GROUP },
): Promise<Page[]> {
  const pages: Page[] = [];
  for (let count = 0; count < 40; count++) {
    await gateway.resetStats();
    const next =
      direction === 'forward'
        ? await page(gateway, { first: size, after: cursor, filter })
        : await page(gateway, { last: size, before: cursor, filter });
    // The list and its count each read at most MAX_SCAN_PAGES pages: never the whole history.
    expect(await commerceLayerRequests(gateway)).toBeLessThanOrEqual(2 * MAX_SCAN_PAGES);
    pages.push(next);
    const more = direction === 'forward' ? next.pageInfo.hasNextPage : next.pageInfo.hasPreviousPage;
    if (!more) return pages;
    cursor = direction === 'forward' ? next.pageInfo.endCursor : next.pageInfo.startCursor;
    expect(cursor, 'a page that says there is more gives a cursor to page on with').not.toBeNull();
  }
  throw new Error(`no end after 40 pages of ${size} ${direction}`);
}

/** The ids a walk showed, in the list's order (a backward walk's pages come newest page last). */
function listed(direction: Direction, pages: Page[]): string[] {
  const inOrder = direction === 'forward' ? pages : [...pages].reverse();
  return inOrder.flatMap((one) => one.nodes.map((node) => node.id));
}

/** What every page of a cut check must say, whatever its direction and size. */
function expectHonestPages(direction: Direction, size: number, pages: Page[]): void {
  pages.forEach((one, index) => {
    const where = `${direction} ${size}, page ${index + 1}: ${JSON.stringify(one)}`;
    const state = stateOf(one);
    expect(['OK', 'INCOMPLETE'], where).toContain(state);
    expect(one.nodes.length, where).toBeLessThanOrEqual(size);
    // Fleetio and SailPoint are not asked for a group: OK, never cut.
    expect(one.sources.filter((source) => source.provider !== 'COMMERCE_LAYER').map((s) => s.state)).toEqual([
      'OK',
      'OK',
    ]);
    // More than CHECKED imports begin with the group's reference: no count is exact.
    expect(one.totalCountPrecision, where).toBe('AT_LEAST');
    if (state === 'INCOMPLETE') {
      const more = direction === 'forward' ? one.pageInfo.hasNextPage : one.pageInfo.hasPreviousPage;
      expect(more, where).toBe(true);
      expect(one.pageInfo.startCursor, where).not.toBeNull();
      expect(one.pageInfo.endCursor, where).not.toBeNull();
    }
    // A page short of `size` before the end is one the check cut.
    const last = index === pages.length - 1;
    if (!last && one.nodes.length < size) expect(state, where).toBe('INCOMPLETE');
    // The other end of the page: there is more exactly when it did not start from an end.
    const back = direction === 'forward' ? one.pageInfo.hasPreviousPage : one.pageInfo.hasNextPage;
    expect(back, where).toBe(index > 0);
  });
}

describe.each([
  ['off', '0', [1, 2, 3, 10]],
  // On, a page serves the next one from what it read past its end, unless the check was cut.
  ['on', undefined, [1, 3]],
])(
  'paging both ways through a group the gateway checks over a few vendor pages (page cache %s)',
  (_name, ttl, sizes) => {
    const gateway = useGateway({ imports: 5, env: { PAGE_CACHE_TTL_MS: ttl } });
    /** The group's five parts, in the list's order (newest first). */
    let parts: string[] = [];
    /** The one import whose reference has a comma, among the parts' decoys. */
    let withComma = '';
    beforeAll(async () => {
      const base = Date.UTC(2026, 5, 1, 12);
      const add = async (second: number, reference: string, group: string, part: number, total: number) =>
        addAt(second, { reference, metadata: { group_id: group, progress_number: `${part}/${total}` } });
      const addAt = async (second: number, attributes: Record<string, unknown>) => {
        const added = await gateway.control<{ id: string; attributes: { created_at: string } }>(
          'commercelayer',
          'POST',
          '/__sim/imports',
          {
            status: 'completed',
            resource_type: 'skus',
            inputs_size: 10,
            created_at: new Date(base + second * 1_000).toISOString(),
            ...attributes,
          },
        );
        return encodeImportId({
          provider: 'COMMERCE_LAYER',
          providerId: added.id,
          createdAt: new Date(added.attributes.created_at),
        });
      };
      // Oldest first: two parts, a run of another group's parts longer than a cut check reads, the
      // third part (sharing its instant with one of the others), another long run, the last two.
      // `span-x-…` begins as `span-…` does: the vendor cannot tell them apart, the gateway checks each.
      const run = CHECKED + 20;
      let second = 0;
      let decoy = 0;
      // Each at its own given instant, so they may be added concurrently.
      const addDecoys = () =>
        Promise.all(
          Array.from({ length: run }, () => {
            decoy += 1;
            return add(second++, `${GROUP}-x-${decoy}`, `${GROUP}-x`, decoy, 2 * run + 1);
          }),
        );
      const oldest = [
        await add(second++, `${GROUP}-1`, GROUP, 1, 5),
        await add(second++, `${GROUP}-2`, GROUP, 2, 5),
      ];
      await addDecoys();
      const middle = await add(second - 1, `${GROUP}-3`, GROUP, 3, 5);
      withComma = await addAt(second - 1, { reference: COMMA_REFERENCE });
      await addDecoys();
      decoy += 1;
      await add(second, `${GROUP}-x-${decoy}`, `${GROUP}-x`, decoy, 2 * run + 1);
      const newest = [
        await add(second++, `${GROUP}-4`, GROUP, 4, 5),
        await add(second++, `${GROUP}-5`, GROUP, 5, 5),
      ];
      parts = [...newest.reverse(), middle, ...oldest.reverse()];
    });

    it.each(sizes)('walks every part once, %i a page, forward and backward', async (size) => {
      const forward = await walk(gateway, 'forward', size);
      const backward = await walk(gateway, 'backward', size);
      expect(listed('forward', forward)).toEqual(parts);
      expect(listed('backward', backward)).toEqual(parts);
      expectHonestPages('forward', size, forward);
      expectHonestPages('backward', size, backward);
      // Both walks crossed a run longer than a check reads: some page of each was cut.
      expect(forward.some((one) => stateOf(one) === 'INCOMPLETE')).toBe(true);
      expect(backward.some((one) => stateOf(one) === 'INCOMPLETE')).toBe(true);
      // Each page in the list's order, newest part first.
      for (const one of [...forward, ...backward]) {
        const numbers = one.nodes.map((node) => node.group!.part);
        expect(numbers).toEqual([...numbers].sort((a, b) => b - a));
      }
    });

    it('finds the parts before and after any page it stopped on, turning round there', async () => {
      const forward = await walk(gateway, 'forward', 2);
      for (const [index, one] of forward.entries()) {
        if (index === 0) continue;
        const before = listed('forward', forward.slice(0, index));
        const back = await walk(gateway, 'backward', 2, one.pageInfo.startCursor);
        expect(listed('backward', back), `back from page ${index + 1}`).toEqual(before);
        expect(back.at(-1)!.pageInfo.hasPreviousPage).toBe(false);
      }
      const backward = await walk(gateway, 'backward', 2);
      for (const [index, one] of backward.entries()) {
        if (index === 0) continue;
        const after = listed('backward', backward.slice(0, index));
        const on = await walk(gateway, 'forward', 2, one.pageInfo.endCursor);
        expect(listed('forward', on), `on from page ${index + 1}`).toEqual(after);
      }
    });

    it('finds a reference with a comma both ways, checking every import over cut pages', async () => {
      const filter = { reference: COMMA_REFERENCE };
      for (const size of [1, 5]) {
        const forward = await walk(gateway, 'forward', size, null, filter);
        const backward = await walk(gateway, 'backward', size, null, filter);
        expect(listed('forward', forward)).toEqual([withComma]);
        expect(listed('backward', backward)).toEqual([withComma]);
        for (const [direction, pages] of [
          ['forward', forward],
          ['backward', backward],
        ] as const) {
          expect(
            pages.some((one) => stateOf(one) === 'INCOMPLETE'),
            direction,
          ).toBe(true);
          expect(stateOf(pages.at(-1)!), direction).toBe('OK');
          for (const one of pages) expect(one.totalCountPrecision).toBe('AT_LEAST');
        }
      }
    });
  },
);

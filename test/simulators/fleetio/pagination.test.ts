import { describe, expect, test } from 'vitest';
import { fleetioSimulator } from '../../../src/simulators/fleetio/index.ts';
import { useSimulator } from '../../support/simulators.ts';
import { call, walk, type CursorPage, type ImportRecord } from './fleetio-http.ts';

type SortField = 'id' | 'created_at' | 'updated_at';
interface Filter {
  query: string;
  keep: (item: ImportRecord) => boolean;
}

/** The order the API must produce, computed independently: the field, then id, both in one direction. */
function expectedOrder(
  imports: ImportRecord[],
  filter: Filter,
  field: SortField,
  direction: 'asc' | 'desc',
): number[] {
  const value = (item: ImportRecord) => (field === 'id' ? item.id : Date.parse(item[field]));
  const sign = direction === 'asc' ? 1 : -1;
  return imports
    .filter(filter.keep)
    .sort((a, b) => sign * (value(a) - value(b) || a.id - b.id))
    .map((item) => item.id);
}

const FILTERS: Filter[] = [
  { query: '', keep: () => true },
  {
    query: 'filter[status][include]=failed',
    keep: (item) => item.status === 'failed',
  },
  {
    query: 'filter[created_at][gte]=2026-10-10T00:00:00-05:00',
    keep: (item) => Date.parse(item.created_at) >= Date.parse('2026-10-10T05:00:00Z'),
  },
  {
    query: 'filter[updated_at][lt]=2026-10-20T12:00:00Z&filter[status][include]=complete',
    keep: (item) =>
      Date.parse(item.updated_at) < Date.parse('2026-10-20T12:00:00Z') && item.status === 'complete',
  },
];

describe('Fleetio simulator: walking the imports list', () => {
  const sim = useSimulator(fleetioSimulator, { imports: 60, rateLimits: false });
  const imports = () => sim.control<ImportRecord[]>('GET', '/__sim/imports');
  const base = () => `${sim.url}/api/v1/imports`;

  test('the seeded data has ties on created_at and updated_at to break by id', async () => {
    const all = await imports();
    const tiedCreated = all.filter((item) =>
      all.some((other) => other.id !== item.id && other.created_at === item.created_at),
    );
    const tiedUpdated = all.filter((item) =>
      all.some((other) => other.id !== item.id && other.updated_at === item.updated_at),
    );
    expect(tiedCreated.length).toBeGreaterThanOrEqual(2);
    expect(tiedUpdated.length).toBeGreaterThanOrEqual(2);
  });

  test('every sort, filter and page size walks to the end with no duplicate and no gap', async () => {
    const all = await imports();
    const sorts: [SortField, 'asc' | 'desc'][] = [
      ['id', 'desc'],
      ['id', 'asc'],
      ['created_at', 'asc'],
      ['created_at', 'desc'],
      ['updated_at', 'asc'],
      ['updated_at', 'desc'],
    ];
    for (const filter of FILTERS) {
      for (const [field, direction] of sorts) {
        const expected = expectedOrder(all, filter, field, direction);
        for (const perPage of filter.query === '' ? [2, 7, 50, 100] : [7, 100]) {
          const query = [filter.query, `sort[${field}]=${direction}`, `per_page=${perPage}`]
            .filter(Boolean)
            .join('&');
          const { records, pages } = await walk<ImportRecord>(base(), query);
          const label = `${query}`;
          expect(
            records.map((item) => item.id),
            label,
          ).toEqual(expected);
          expect(pages.length, label).toBe(Math.max(1, Math.ceil(expected.length / perPage)));
          pages.forEach((page, index) => {
            expect(page.per_page).toBe(perPage);
            expect(page.estimated_remaining_count, label).toBe(
              Math.min(500, expected.length - index * perPage),
            );
            expect(page.start_cursor).toBe(index === 0 ? null : pages[index - 1]!.next_cursor);
            expect(page.sorted_by[0]).toEqual({ [field]: direction });
          });
        }
      }
    }
  });

  test('the default order is id desc and next_cursor is accepted as the query name too', async () => {
    const all = await imports();
    const first = (await call(`${base()}?per_page=10`)).body as CursorPage<ImportRecord>;
    expect(first.sorted_by).toEqual([{ id: 'desc' }]);
    expect(first.records.map((item) => item.id)).toEqual(
      all
        .map((item) => item.id)
        .reverse()
        .slice(0, 10),
    );
    const byOtherName = (await call(`${base()}?per_page=10&next_cursor=${first.next_cursor}`))
      .body as CursorPage;
    const byDocumentedName = (await call(`${base()}?per_page=10&start_cursor=${first.next_cursor}`))
      .body as CursorPage;
    expect(byOtherName.records).toEqual(byDocumentedName.records);
    expect(byOtherName.records).toHaveLength(10);
  });

  test('an import created mid-walk neither repeats nor hides what was already listed', async () => {
    const before = await imports();
    // Newest first by id: the new import sorts before the cursor, so this walk does not meet it.
    let added: ImportRecord | undefined;
    const byId = await walk<ImportRecord>(base(), 'per_page=9', async (page) => {
      if (page === 2) added = await sim.control<ImportRecord>('POST', '/__sim/imports', { status: 'queued' });
    });
    expect(byId.records.map((item) => item.id)).toEqual(expectedOrder(before, FILTERS[0]!, 'id', 'desc'));
    expect(added!.id).toBe(Math.max(...before.map((item) => item.id)) + 1);

    // Oldest first by created_at: an upload made now sorts after every cursor, so this walk ends with it.
    const now = await imports();
    let late: ImportRecord | undefined;
    const byCreated = await walk<ImportRecord>(base(), 'per_page=8&sort[created_at]=asc', async (page) => {
      if (page === 3) late = await sim.control<ImportRecord>('POST', '/__sim/imports', {});
    });
    expect(byCreated.records.map((item) => item.id)).toEqual([
      ...expectedOrder(now, FILTERS[0]!, 'created_at', 'asc'),
      late!.id,
    ]);

    // Newest first by created_at: an import dated before all others lands in the part still to come.
    const current = await imports();
    let backdated: ImportRecord | undefined;
    const byCreatedDesc = await walk<ImportRecord>(
      base(),
      'per_page=11&sort[created_at]=desc',
      async (page) => {
        if (page === 1) {
          backdated = await sim.control<ImportRecord>('POST', '/__sim/imports', {
            status: 'complete',
            created_at: '2026-01-05T10:00:00Z',
            updated_at: '2026-01-05T10:02:00Z',
          });
        }
      },
    );
    const ids = byCreatedDesc.records.map((item) => item.id);
    expect(ids).toEqual([...expectedOrder(current, FILTERS[0]!, 'created_at', 'desc'), backdated!.id]);
    expect(new Set(ids).size).toBe(ids.length);
    const truth = await imports();
    expect(truth.map((item) => item.id).sort()).toEqual([...ids].sort());
  });
});

describe('Fleetio simulator: walking row results', () => {
  const sim = useSimulator(fleetioSimulator, { imports: 40, rateLimits: false });

  test('every page size gives the same rows in id order; status filters partition them', async () => {
    const all = await sim.control<ImportRecord[]>('GET', '/__sim/imports');
    const partial = all.filter((item) => item.status === 'partially_complete');
    expect(partial.length).toBeGreaterThan(0);
    for (const item of partial.slice(0, 2)) {
      const url = `${sim.url}/api/imports/${item.id}/results`;
      const reference = await walk<{ id: number; status: string }>(url, 'per_page=100&sort[id]=asc');
      const ids = reference.records.map((row) => row.id);
      expect(ids).toEqual([...ids].sort((a, b) => a - b));
      expect(new Set(ids).size).toBe(ids.length);
      expect(reference.records.some((row) => row.status === 'error')).toBe(true);
      for (const perPage of [7, 29]) {
        const asc = await walk<{ id: number }>(url, `per_page=${perPage}&sort[id]=asc`);
        expect(asc.records.map((row) => row.id)).toEqual(ids);
        const desc = await walk<{ id: number }>(url, `per_page=${perPage}`);
        expect(desc.records.map((row) => row.id)).toEqual([...ids].reverse());
      }
      const filtered = await Promise.all(
        ['error', 'created', 'updated', 'unaffected', 'pending'].map((status) =>
          walk<{ id: number }>(url, `per_page=50&sort[id]=asc&filter[status][include]=${status}`),
        ),
      );
      const union = filtered.flatMap((walked) => walked.records.map((row) => row.id)).sort((a, b) => a - b);
      expect(union).toEqual(ids);
    }
  });
});

describe('Fleetio simulator: estimated_remaining_count', () => {
  const sim = useSimulator(fleetioSimulator, { imports: 620, rateLimits: false });

  test('counts the records from this page on, up to 500', async () => {
    const { pages } = await walk<ImportRecord>(`${sim.url}/api/v1/imports`, 'per_page=100');
    expect(pages.map((page) => page.estimated_remaining_count)).toEqual([500, 500, 420, 320, 220, 120, 20]);
    expect(pages.flatMap((page) => page.records)).toHaveLength(620);
  });
});

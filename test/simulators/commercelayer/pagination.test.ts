import { beforeAll, describe, expect, it } from 'vitest';
import { commerceLayerSimulator } from '../../../src/simulators/commercelayer/index.ts';
import { useSimulator } from '../../support/simulators.ts';
import { ApiClient, issueToken, many, skuInputs, type ImportResource } from './client.ts';

type Snapshot = ImportResource[];

/** Follows `links.next` from the first page to the end, checking the page metadata on the way. */
async function walk(
  api: ApiClient,
  query: string,
  onPage?: (page: number) => Promise<void>,
): Promise<string[]> {
  const ids: string[] = [];
  let path: string | undefined = `/api/imports?${query}`;
  for (let page = 1; path !== undefined; page++) {
    const answer = await api.get(path);
    expect(answer.status, answer.text).toBe(200);
    const { links, meta } = answer.body;
    if (page === 1) expect(links!.prev).toBeUndefined();
    else expect(links!.prev).toContain(`page[number]=${page - 1}`);
    expect(links!.first).toContain('page[number]=1');
    expect(links!.last).toContain(`page[number]=${Math.max(1, meta!.page_count)}`);
    ids.push(...many(answer).map((resource) => resource.id));
    await onPage?.(page);
    path =
      links!.next === undefined ? undefined : new URL(links!.next).pathname + new URL(links!.next).search;
  }
  return ids;
}

const at = (resource: ImportResource, name: 'created_at' | 'updated_at') => resource.attributes[name];

/** The order the simulator documents: by each key, then creation order (the snapshot's order). */
function expected(
  snapshot: Snapshot,
  keep: (item: ImportResource) => boolean,
  compare: (a: ImportResource, b: ImportResource) => number,
) {
  const serial = new Map(snapshot.map((item, index) => [item.id, index]));
  return snapshot
    .filter(keep)
    .sort((a, b) => compare(a, b) || serial.get(a.id)! - serial.get(b.id)!)
    .map((item) => item.id);
}

const newestFirst = (a: ImportResource, b: ImportResource) =>
  at(a, 'created_at') < at(b, 'created_at') ? 1 : at(a, 'created_at') > at(b, 'created_at') ? -1 : 0;

describe('Commerce Layer lists, walked to the end', () => {
  const sim = useSimulator(commerceLayerSimulator, { imports: 60, rateLimits: false });
  let api: ApiClient;
  let snapshot: Snapshot;

  beforeAll(async () => {
    api = new ApiClient(sim.url, await issueToken(sim.url));
    snapshot = await sim.control<Snapshot>('GET', '/__sim/imports');
  });

  it('seeds ties: some imports share created_at and updated_at exactly', () => {
    const created = snapshot.map((item) => at(item, 'created_at'));
    expect(new Set(created).size).toBeLessThan(created.length);
    const updated = snapshot.map((item) => at(item, 'updated_at'));
    expect(new Set(updated).size).toBeLessThan(updated.length);
  });

  it.each([1, 7, 10, 25])('page[size]=%i, no sort: creation order, no gap, no duplicate', async (size) => {
    const ids = await walk(api, `page[size]=${size}`);
    expect(ids).toEqual(snapshot.map((item) => item.id));
  });

  it.each([3, 25])('sort=-created_at,id with page[size]=%i', async (size) => {
    const ids = await walk(api, `sort=-created_at,id&page[size]=${size}`);
    const order = (a: ImportResource, b: ImportResource) => newestFirst(a, b) || (a.id < b.id ? -1 : 1);
    expect(ids).toEqual(expected(snapshot, () => true, order));
  });

  it('sort=updated_at,-inputs_size: ties fall back to creation order', async () => {
    const ids = await walk(api, 'sort=updated_at,-inputs_size&page[size]=9');
    const order = (a: ImportResource, b: ImportResource) =>
      (at(a, 'updated_at') < at(b, 'updated_at') ? -1 : at(a, 'updated_at') > at(b, 'updated_at') ? 1 : 0) ||
      b.attributes.inputs_size - a.attributes.inputs_size;
    expect(ids).toEqual(expected(snapshot, () => true, order));
  });

  it.each([
    ['filter[q][status_eq]=completed', (item: ImportResource) => item.attributes.status === 'completed'],
    ['filter[q][status_not_eq]=completed', (item: ImportResource) => item.attributes.status !== 'completed'],
    [
      'filter[q][status_in]=pending,in_progress',
      (item: ImportResource) => ['pending', 'in_progress'].includes(item.attributes.status),
    ],
    [
      'filter[q][resource_type_in]=skus,prices',
      (item: ImportResource) => ['skus', 'prices'].includes(item.attributes.resource_type),
    ],
    ['filter[q][errors_count_gt]=0', (item: ImportResource) => item.attributes.errors_count > 0],
    ['filter[q][inputs_size_lteq]=100', (item: ImportResource) => item.attributes.inputs_size <= 100],
    ['filter[q][reference_null]=true', (item: ImportResource) => item.attributes.reference === null],
    [
      'filter[q][reference_start]=erp-',
      (item: ImportResource) => (item.attributes.reference ?? '').startsWith('ERP-'),
    ],
    ['filter[q][completed_at_not_null]=1', (item: ImportResource) => item.attributes.completed_at !== null],
    // Pending imports report their counts as null; a NULL matches no comparison.
    [
      'filter[q][processed_count_null]=true',
      (item: ImportResource) => item.attributes.processed_count === null,
    ],
    [
      'filter[q][errors_count_not_null]=true',
      (item: ImportResource) => item.attributes.errors_count !== null,
    ],
    ['filter[q][errors_count_lt]=1', (item: ImportResource) => (item.attributes.errors_count ?? 1) < 1],
  ])('%s, 4 a page, newest first', async (filter, keep) => {
    const ids = await walk(api, `${filter}&sort=-created_at&page[size]=4`);
    expect(ids).toEqual(expected(snapshot, keep, newestFirst));
    expect(ids.length).toBeGreaterThan(0);
  });

  it('date filters: created_at_gteq and created_at_lt split the list in two', async () => {
    const middle = at(snapshot[30]!, 'created_at');
    const later = await walk(api, `filter[q][created_at_gteq]=${middle}&page[size]=25`);
    const earlier = await walk(api, `filter[q][created_at_lt]=${encodeURIComponent(middle)}&page[size]=25`);
    expect([...earlier, ...later].sort()).toEqual(snapshot.map((item) => item.id).sort());
    expect(later).toEqual(
      expected(
        snapshot,
        (item) => at(item, 'created_at') >= middle,
        () => 0,
      ),
    );
    const from = await walk(api, `filter[q][created_at_from]=${middle}&page[size]=25`);
    expect(from).toEqual(later);
  });

  it('id filters: id_eq and filter[ids]', async () => {
    const [a, b] = [snapshot[3]!.id, snapshot[40]!.id];
    expect(await walk(api, `filter[q][id_eq]=${a}`)).toEqual([a]);
    expect(await walk(api, `filter[ids]=${b},${a}`)).toEqual([a, b]);
    expect(await walk(api, `filter[q][id_in]=${b},${a}`)).toEqual([a, b]);
  });

  it('reference filters the gateway sends: reference_eq matches case and all, reference_start ignores case', async () => {
    const referenced = snapshot.find((item) => item.attributes.reference !== null)!;
    const reference = referenced.attributes.reference!;
    const same = snapshot.filter((item) => item.attributes.reference === reference).map((item) => item.id);
    expect(await walk(api, `filter[q][reference_eq]=${encodeURIComponent(reference)}`)).toEqual(same);
    expect(await walk(api, `filter[q][reference_eq]=${encodeURIComponent(reference.toLowerCase())}`)).toEqual(
      [],
    );
    const prefix = reference.slice(0, 4).toLowerCase();
    const starting = await walk(
      api,
      `filter[q][reference_start]=${encodeURIComponent(prefix)}&page[size]=25`,
    );
    expect(starting.sort()).toEqual(
      snapshot
        .filter((item) => (item.attributes.reference ?? '').toLowerCase().startsWith(prefix))
        .map((item) => item.id)
        .sort(),
    );
  });

  it('a page past the last is empty, with prev and last but no next', async () => {
    const answer = await api.get('/api/imports?page[size]=25&page[number]=9');
    expect(answer.status).toBe(200);
    expect(answer.body.data).toEqual([]);
    expect(answer.body.meta).toEqual({ record_count: snapshot.length, page_count: 3 });
    expect(answer.body.links!.next).toBeUndefined();
    expect(answer.body.links!.prev).toContain('page[number]=8');
    expect(answer.body.links!.last).toContain('page[number]=3');
  });

  it('an import created mid-walk shows up at the end of a creation-order walk, once', async () => {
    let added: string | undefined;
    const ids = await walk(api, 'page[size]=10', async (page) => {
      if (page !== 2) return;
      const created = await api.create({ resource_type: 'skus', inputs: skuInputs(2) });
      added = (created.body.data as ImportResource).id;
    });
    const now = await sim.control<Snapshot>('GET', '/__sim/imports');
    expect(ids).toEqual(now.map((item) => item.id));
    expect(ids.at(-1)).toBe(added);
    expect(new Set(ids).size).toBe(ids.length);
  });
});

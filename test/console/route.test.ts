import { describe, expect, it } from 'vitest';
import { importFilterOf, routeFromSearch, searchOf } from '../../console/src/route.ts';

describe("the console's place in the URL", () => {
  it('reads filters, keeps them through a detail, and writes them back the same', () => {
    const search =
      '?vendor=FLEETIO&vendor=COMMERCE_LAYER&status=RUNNING&type=skus&from=2026-12-01&to=2026-12-04&reference=abc&import=SW1wb3J0OjE';
    const route = routeFromSearch(search);
    expect(route).toEqual({
      view: 'detail',
      id: 'SW1wb3J0OjE',
      filters: {
        vendors: ['FLEETIO', 'COMMERCE_LAYER'],
        statuses: ['RUNNING'],
        resourceTypes: ['skus'],
        createdFrom: '2026-12-01',
        createdTo: '2026-12-04',
        reference: 'abc',
        groupId: undefined,
      },
    });
    expect(routeFromSearch(searchOf(route))).toEqual(route);
    expect(searchOf({ view: 'list', filters: route.filters })).not.toContain('import=');
  });

  it('leaves out what it does not know rather than sending it to the API', () => {
    const route = routeFromSearch(
      '?vendor=ACME&status=DONE&from=2026-02-30&to=yesterday&type=%20&create=FLEETIO',
    );
    expect(route).toEqual({
      view: 'list',
      filters: {
        vendors: [],
        statuses: [],
        resourceTypes: [],
        createdFrom: undefined,
        createdTo: undefined,
        reference: undefined,
        groupId: undefined,
      },
    });
    expect(importFilterOf(route.filters)).toBeUndefined();
  });

  it('asks for whole UTC days, both ends included, under the API’s strict bounds', () => {
    const filter = importFilterOf(routeFromSearch('?from=2026-12-01&to=2026-12-04&group=g-1').filters);
    expect(filter).toEqual({
      createdAfter: '2026-11-30T23:59:59.999Z',
      createdBefore: '2026-12-05T00:00:00.000Z',
      groupId: 'g-1',
    });
  });

  it('reads comma-separated values as a person may type them', () => {
    const { filters } = routeFromSearch(
      '?status=PARTIALLY_SUCCEEDED,FAILED&vendor=FLEETIO,%20SAILPOINT,ACME',
    );
    expect(filters.statuses).toEqual(['PARTIALLY_SUCCEEDED', 'FAILED']);
    expect(filters.vendors).toEqual(['FLEETIO', 'SAILPOINT']);
  });

  it("keeps a detail's message severities, and leaves them out when all or none are chosen", () => {
    const route = routeFromSearch('?import=SW1wb3J0OjE&severity=ERROR&severity=BOGUS,WARNING');
    expect(route).toMatchObject({ view: 'detail', severities: ['ERROR', 'WARNING'] });
    expect(searchOf(route)).toBe('?import=SW1wb3J0OjE&severity=ERROR&severity=WARNING');
    expect(routeFromSearch(searchOf(route))).toEqual(route);
    for (const search of ['?import=x&severity=ERROR,WARNING,INFO', '?import=x&severity=NONE', '?import=x'])
      expect(routeFromSearch(search)).not.toHaveProperty('severities');
    // A severity is the detail's: the list does not carry it.
    expect(routeFromSearch('?severity=ERROR').view).toBe('list');
    expect(searchOf({ view: 'list', filters: route.filters })).toBe('');
  });
});

import { describe, expect, it } from 'vitest';
import {
  InvalidConnectionArgument,
  loadImportConnection,
  type ImportConnectionArgs,
} from '../../src/imports/connection.ts';
import type { Import, ImportProvider } from '../../src/imports/model.ts';
import { compareImports, comparePositions, positionOf, type ImportOrder } from '../../src/imports/order.ts';
import type { ImportSource, ListRequest } from '../../src/imports/import-source.ts';
import { UpstreamError } from '../../src/providers/http/upstream-error.ts';
import { vendorIdFormat } from '../../src/imports/vendor-ids.ts';

/**
 * An in-memory provider that honours the ImportSource contract exactly; it lets the merge be
 * checked on its own, with no network. Vendor adaptors are checked against the simulators.
 */
function memorySource(
  provider: ImportProvider,
  items: Import[],
  options: { fail?: boolean } = {},
): ImportSource {
  return {
    provider,
    capabilities: new Set(['LIST']),
    ids: vendorIdFormat({ provider, noun: 'import id', looksLike: 'anything', pattern: /^/ }),
    list(request: ListRequest) {
      if (options.fail)
        return Promise.reject(new UpstreamError(provider, 'unavailable', `${provider} is down`));
      const sorted = items
        .filter((item) => !request.conditions.statuses || request.conditions.statuses.includes(item.status))
        .sort((a, b) => compareImports(a, b, request.order))
        .filter(
          (item) =>
            !request.after ||
            comparePositions(positionOf(item, request.order.field), request.after, request.order.direction) >
              0,
        );
      return Promise.resolve({ items: sorted.slice(0, request.limit) });
    },
    count: () => Promise.resolve({ count: items.length, estimate: provider === 'FLEETIO' }),
    get: () => Promise.resolve(new Map()),
    isHealthy: () => true,
    close: () => Promise.resolve(),
  };
}

const base = Date.parse('2026-11-01T00:00:00.000Z');
function makeImport(
  provider: ImportProvider,
  providerId: string,
  minute: number,
  status: Import['status'] = 'SUCCEEDED',
): Import {
  const at = new Date(base + minute * 60_000);
  return {
    provider,
    providerId,
    status,
    providerStatus: status.toLowerCase(),
    terminal: true,
    resourceType: null,
    fileName: null,
    format: null,
    createdAt: at,
    updatedAt: new Date(at.getTime() + (Number.parseInt(providerId, 36) % 7) * 1000),
    startedAt: null,
    completedAt: null,
    counts: { total: null, processed: null, errors: null, warnings: null },
    progress: null,
  };
}

// Ties on purpose: several imports share minutes within and across providers.
const fleetio = Array.from({ length: 23 }, (_, index) => makeImport('FLEETIO', String(index + 1), index % 9));
const sailpoint = Array.from({ length: 11 }, (_, index) =>
  makeImport('SAILPOINT', `job-${index}`, (index * 2) % 9, 'FAILED'),
);
const commerce = Array.from({ length: 17 }, (_, index) =>
  makeImport('COMMERCE_LAYER', `cl${index}`, (index * 5) % 9),
);
const sources = [
  memorySource('FLEETIO', fleetio),
  memorySource('SAILPOINT', sailpoint),
  memorySource('COMMERCE_LAYER', commerce),
];
const everything = [...fleetio, ...sailpoint, ...commerce];
const key = (item: Import) => `${item.provider}:${item.providerId}`;

async function walk(
  size: number,
  forward: boolean,
  orderBy: ImportOrder,
  extra: Partial<ImportConnectionArgs> = {},
) {
  const seen: Import[] = [];
  let cursor: string | null = null;
  for (let pages = 0; pages < 200; pages++) {
    const page = await loadImportConnection(sources, {
      conditions: {},
      orderBy,
      ...(forward ? { first: size, after: cursor } : { last: size, before: cursor }),
      ...extra,
    });
    const nodes = page.edges.map((edge) => edge.node);
    if (forward) seen.push(...nodes);
    else seen.unshift(...nodes);
    expect(forward ? page.pageInfo.hasPreviousPage : page.pageInfo.hasNextPage).toBe(cursor !== null);
    const more = forward ? page.pageInfo.hasNextPage : page.pageInfo.hasPreviousPage;
    if (!more) return seen;
    cursor = forward ? page.pageInfo.endCursor : page.pageInfo.startCursor;
  }
  throw new Error('walk did not end');
}

describe('merged import connection', () => {
  for (const orderBy of [
    { field: 'CREATED_AT', direction: 'DESC' },
    { field: 'UPDATED_AT', direction: 'ASC' },
  ] as const) {
    for (const size of [1, 7, 25, 100]) {
      it(`walks ${orderBy.field} ${orderBy.direction} forward and backward by ${size} without gaps or repeats`, async () => {
        const expected = [...everything].sort((a, b) => compareImports(a, b, orderBy)).map(key);
        expect((await walk(size, true, orderBy)).map(key)).toEqual(expected);
        expect((await walk(size, false, orderBy)).map(key)).toEqual(expected);
      });
    }
  }

  it('filters by provider and status', async () => {
    const onlyFailed = await walk(
      5,
      true,
      { field: 'CREATED_AT', direction: 'DESC' },
      { conditions: { statuses: ['FAILED'] } },
    );
    expect(onlyFailed.every((item) => item.provider === 'SAILPOINT')).toBe(true);
    expect(onlyFailed).toHaveLength(sailpoint.length);
    const onlyFleetio = await walk(
      10,
      true,
      { field: 'CREATED_AT', direction: 'DESC' },
      { providers: ['FLEETIO'] },
    );
    expect(onlyFleetio).toHaveLength(fleetio.length);
  });

  it('sums counts and says when any provider only estimates', async () => {
    const page = await loadImportConnection(sources, { conditions: {}, first: 3 });
    expect((await page.total()).count).toEqual({ count: everything.length, estimate: true });
    const exact = await loadImportConnection(sources, { conditions: {}, first: 3, providers: ['SAILPOINT'] });
    expect((await exact.total()).count).toEqual({ count: sailpoint.length, estimate: false });
  });

  it('returns the other providers when one fails, with the failure', async () => {
    const page = await loadImportConnection(
      [memorySource('FLEETIO', fleetio, { fail: true }), memorySource('COMMERCE_LAYER', commerce)],
      { conditions: {}, first: 100 },
    );
    expect(page.edges).toHaveLength(commerce.length);
    expect(page.failures.map((failure) => failure.provider)).toEqual(['FLEETIO']);
    expect((await page.total()).count.count).toBe(commerce.length);
  });

  it.each([
    [{ first: 0 }, '`first` must be between 1 and 100, got 0.'],
    [{ first: 101 }, '`first` must be between 1 and 100, got 101.'],
    [{ last: -1 }, '`last` must be between 1 and 100, got -1.'],
    [{ first: 1, last: 1 }, 'Give either `first` (with `after`) or `last` (with `before`), not both.'],
    [{ first: 1, before: 'x' }, '`before` pages backward: use it with `last`.'],
    [
      { after: '!!' },
      '`after`: This cursor is malformed: pass a cursor exactly as a previous page returned it.',
    ],
  ])('refuses %j with a clear reason', async (args, message) => {
    await expect(loadImportConnection(sources, { conditions: {}, ...args })).rejects.toThrow(
      new InvalidConnectionArgument(message),
    );
  });
});

import { describe, expect, it } from 'vitest';
import { IMPORT_STATUSES, type ImportStatus } from '../../../src/imports/model.ts';
import {
  COMMERCE_LAYER_STATUSES,
  importFromCommerceLayer,
  mapCommerceLayerStatus,
  vendorSelectionsFor,
  type VendorSelection,
} from '../../../src/providers/commercelayer/map.ts';
import {
  parseImportList,
  parseImportResource,
  parseTokenGrant,
  WireShapeError,
  type CommerceLayerImportAttributes,
} from '../../../src/providers/commercelayer/wire.ts';

function resource(attributes: Partial<CommerceLayerImportAttributes> = {}) {
  return {
    id: 'XAyRWNUzyN',
    type: 'imports' as const,
    attributes: {
      status: 'in_progress',
      resource_type: 'skus',
      format: 'json',
      created_at: '2026-11-01T10:00:00.000Z',
      updated_at: '2026-11-01T10:05:00.000Z',
      started_at: '2026-11-01T10:00:03.000Z',
      completed_at: null,
      interrupted_at: null,
      inputs_size: 200,
      processed_count: 50,
      errors_count: 10,
      warnings_count: 2,
      ...attributes,
    },
  };
}

describe('Commerce Layer status mapping (specs/VENDOR-REFERENCE.md §4)', () => {
  it.each([
    ['pending', 0, 0, 'PENDING', false],
    ['in_progress', 5, 1, 'RUNNING', false],
    ['completed', 10, 0, 'SUCCEEDED', true],
    ['completed', 8, 2, 'PARTIALLY_SUCCEEDED', true],
    ['completed', 0, 10, 'FAILED', true],
    ['completed', 0, 0, 'SUCCEEDED', true], // 0 inputs: nothing failed
    ['interrupted', 4, 20, 'PARTIALLY_SUCCEEDED', true], // records written before the 10 % stop
    ['interrupted', 0, 20, 'FAILED', true],
    ['interrupted', 0, 0, 'FAILED', true],
    ['pending', null, null, 'PENDING', false],
    ['in_progress', null, null, 'RUNNING', false],
    ['completed', null, 0, 'SUCCEEDED', true],
    ['completed', null, 2, 'PARTIALLY_SUCCEEDED', true], // errors, processed unknown: maybe written
    ['interrupted', null, 20, 'PARTIALLY_SUCCEEDED', true],
  ] as const)('%s with %i processed and %i errors is %s', (status, processed, errors, expected, terminal) => {
    expect(mapCommerceLayerStatus({ status, processed_count: processed, errors_count: errors })).toEqual({
      status: expected,
      terminal,
    });
  });

  it('a completed import with a null errors_count reads its errors_log: SUCCEEDED when empty', () => {
    const counts = { status: 'completed', processed_count: null, errors_count: null } as const;
    expect(mapCommerceLayerStatus(counts, { errorsLogged: false }).status).toBe('SUCCEEDED');
    expect(mapCommerceLayerStatus(counts, { errorsLogged: true }).status).toBe('PARTIALLY_SUCCEEDED');
    // Unknown log: no success is claimed that the gateway cannot show.
    expect(mapCommerceLayerStatus(counts).status).toBe('PARTIALLY_SUCCEEDED');
    const item = importFromCommerceLayer(
      resource({ status: 'completed', inputs_size: null, processed_count: null, errors_count: null }),
      { errorsLogged: false },
    );
    expect(item).toMatchObject({
      status: 'SUCCEEDED',
      counts: { total: null, processed: null, errors: null, warnings: 2 },
      progress: 1,
    });
    expect(importFromCommerceLayer(resource({ processed_count: null })).progress).toBeNull();
  });

  it('interrupted by the gateway itself is CANCELLED', () => {
    const reading = mapCommerceLayerStatus(
      { status: 'interrupted', processed_count: 3, errors_count: 0 },
      { interruptedByGateway: true },
    );
    expect(reading).toEqual({ status: 'CANCELLED', terminal: true });
  });

  it('an unknown status is RUNNING, not terminal, and passed through raw', () => {
    const item = importFromCommerceLayer(resource({ status: 'queued_for_review' }));
    expect(item).toMatchObject({ status: 'RUNNING', terminal: false, providerStatus: 'queued_for_review' });
  });
});

describe('Commerce Layer import mapping', () => {
  it('maps every field', () => {
    expect(importFromCommerceLayer(resource())).toEqual({
      provider: 'COMMERCE_LAYER',
      providerId: 'XAyRWNUzyN',
      status: 'RUNNING',
      providerStatus: 'in_progress',
      terminal: false,
      resourceType: 'skus',
      fileName: null,
      format: 'json',
      createdAt: new Date('2026-11-01T10:00:00.000Z'),
      updatedAt: new Date('2026-11-01T10:05:00.000Z'),
      startedAt: new Date('2026-11-01T10:00:03.000Z'),
      completedAt: null,
      counts: { total: 200, processed: 50, errors: 10, warnings: 2 },
      progress: 0.3,
      failure: null,
      reference: null,
      group: null,
    });
  });

  it('reference: the vendor attribute, blank as null', () => {
    expect(importFromCommerceLayer(resource({ reference: 'ERP-SKUS-42' })).reference).toBe('ERP-SKUS-42');
    expect(importFromCommerceLayer(resource({ reference: '  ' })).reference).toBeNull();
    expect(importFromCommerceLayer(resource({ reference: null })).reference).toBeNull();
  });

  it('group: from the split marks of metadata (group_id and progress_number n/N), as sdk-utils writes them', () => {
    const parsed = (metadata: unknown) =>
      importFromCommerceLayer(
        parseImportResource({ ...resource(), attributes: { ...resource().attributes, metadata } }),
      ).group;
    expect(parsed({ group_id: 'a1b2c3', progress_number: '2/3', other: 1 })).toEqual({
      id: 'a1b2c3',
      part: 2,
      parts: 3,
    });
    // One import of a batch that fit (`1/1`) is no split; marks that do not read as a part are ignored.
    expect(parsed({ group_id: 'a1b2c3', progress_number: '1/1' })).toBeNull();
    expect(parsed({ group_id: 'a1b2c3', progress_number: '4/3' })).toBeNull();
    expect(parsed({ group_id: 'a1b2c3', progress_number: '0/3' })).toBeNull();
    expect(parsed({ group_id: 'a1b2c3' })).toBeNull();
    expect(parsed({ progress_number: '1/2' })).toBeNull();
    expect(parsed({ group_id: 7, progress_number: '1/2' })).toBeNull();
    expect(parsed({ group_id: ' ', progress_number: '1/2' })).toBeNull();
    expect(parsed('not an object')).toBeNull();
    expect(parsed(null)).toBeNull();
  });

  it('progress: 1 once completed, where it stopped when interrupted, unknown without inputs, clamped', () => {
    const progress = (attributes: Partial<CommerceLayerImportAttributes>) =>
      importFromCommerceLayer(resource(attributes)).progress;
    expect(progress({ status: 'completed', processed_count: 150, errors_count: 50 })).toBe(1);
    expect(progress({ status: 'pending', processed_count: 0, errors_count: 0 })).toBe(0);
    expect(progress({ status: 'interrupted', processed_count: 20, errors_count: 30 })).toBe(0.25);
    expect(progress({ inputs_size: 0, processed_count: 0, errors_count: 0 })).toBeNull();
    expect(progress({ inputs_size: null })).toBeNull();
    expect(progress({ inputs_size: 10, processed_count: 30 })).toBe(1);
  });

  it('completedAt is when it ended, completed or interrupted; blank fields are null; format lower case', () => {
    const item = importFromCommerceLayer(
      resource({
        status: 'interrupted',
        interrupted_at: '2026-11-01T10:04:00.000Z',
        resource_type: ' ',
        format: 'CSV',
      }),
    );
    expect(item.completedAt).toEqual(new Date('2026-11-01T10:04:00.000Z'));
    expect(item.resourceType).toBeNull();
    expect(item.format).toBe('csv');
  });
});

/** Ransack's reading of one selection, written out here to check the inverse independently. */
function selects(selection: VendorSelection, status: string, processed: Count, errors: Count): boolean {
  const known = (COMMERCE_LAYER_STATUSES as readonly string[]).includes(status);
  const statusOk = known
    ? selection.statuses.includes(status as (typeof COMMERCE_LAYER_STATUSES)[number])
    : selection.statuses.includes('other');
  const values: Record<string, Count> = { errors_count: errors, processed_count: processed };
  return (
    statusOk &&
    Object.entries(selection.counts).every(([predicate, expected]) => {
      const [, attribute, operator] = /^(.+)_(eq|gt|null)$/.exec(predicate)!;
      const value = values[attribute!]!;
      if (operator === 'null') return (value === null) === (expected === 'true');
      // A NULL matches no comparison (SQL).
      if (value === null) return false;
      return operator === 'eq' ? value === Number(expected) : value > Number(expected);
    })
  );
}

type Count = number | null;

describe('vendorSelectionsFor: the exact inverse of the mapping', () => {
  const imports = [...COMMERCE_LAYER_STATUSES, 'something_new'].flatMap((status) =>
    [0, 2, null].flatMap((processed) =>
      [0, 3, null].flatMap((errors) =>
        [false, true].flatMap((errorsLogged) =>
          [false, true].map((byGateway) => ({ status, processed, errors, errorsLogged, byGateway })),
        ),
      ),
    ),
  );
  const subsets = Array.from({ length: 2 ** IMPORT_STATUSES.length }, (_, mask) =>
    IMPORT_STATUSES.filter((_, bit) => mask & (1 << bit)),
  );

  it('selects every import of a wanted status once, and others only in a mixed selection, for every set of statuses', () => {
    for (const gatewayInterrupts of [false, true]) {
      for (const wanted of subsets) {
        const selections = vendorSelectionsFor(wanted, gatewayInterrupts);
        for (const { status, processed, errors, errorsLogged, byGateway } of imports) {
          if (byGateway && !gatewayInterrupts) continue;
          const mapped = mapCommerceLayerStatus(
            { status, processed_count: processed, errors_count: errors },
            { errorsLogged, interruptedByGateway: byGateway },
          ).status;
          const hits = selections.filter((selection) => selects(selection, status, processed, errors));
          const where = `${wanted.join(',')} (${gatewayInterrupts}) / ${status} ${processed} ${errors}`;
          expect(hits.length, where).toBeLessThanOrEqual(1); // disjoint
          if (wanted.includes(mapped)) expect(hits.length, where).toBe(1);
          if (!wanted.includes(mapped) && hits.length === 1) expect(hits[0]!.mixed, where).toBe(true);
        }
      }
    }
  });

  it('a selection is mixed only where the vendor cannot tell the statuses apart', () => {
    expect(vendorSelectionsFor(['SUCCEEDED'])).toEqual([
      { statuses: ['completed'], counts: { errors_count_eq: '0' } },
      { statuses: ['completed'], counts: { errors_count_null: 'true' }, mixed: true },
    ]);
    expect(vendorSelectionsFor(['FAILED']).some((selection) => selection.mixed)).toBe(false);
    expect(vendorSelectionsFor(['FAILED'], true).some((selection) => selection.mixed)).toBe(true);
    expect(vendorSelectionsFor(['CANCELLED'], true)).toEqual([
      { statuses: ['interrupted'], counts: {}, mixed: true },
    ]);
  });

  it('merges what one status list can say', () => {
    expect(vendorSelectionsFor(['PENDING', 'RUNNING'])).toEqual([
      { statuses: ['pending', 'in_progress', 'other'], counts: {} },
    ]);
    expect(vendorSelectionsFor(['SUCCEEDED', 'PARTIALLY_SUCCEEDED', 'FAILED'] as ImportStatus[])).toEqual([
      { statuses: ['completed', 'interrupted'], counts: {} },
    ]);
    expect(vendorSelectionsFor(['CANCELLED', 'ROLLED_BACK'])).toEqual([]);
  });
});

describe('Commerce Layer wire checks', () => {
  it('accepts a resource and refuses wrong shapes', () => {
    expect(parseImportResource(resource()).attributes.status).toBe('in_progress');
    const broken: [string, unknown][] = [
      ['no id', { ...resource(), id: '' }],
      ['another type', { ...resource(), type: 'skus' }],
      ['a missing attribute', { ...resource(), attributes: { status: 'pending' } }],
      ['a count as text', resource({ errors_count: '3' as unknown as number })],
      ['a negative count', resource({ processed_count: -1 })],
      ['a date that is not one', resource({ created_at: 'yesterday' })],
      ['a status that is not text', resource({ status: 3 as unknown as string })],
      ['no attributes', { id: 'a', type: 'imports' }],
    ];
    for (const [name, value] of broken)
      expect(() => parseImportResource(value), name).toThrow(WireShapeError);
  });

  it('reads an optional attribute left out as null, a required one left out as a shape error', () => {
    const {
      started_at: _s,
      completed_at: _c,
      interrupted_at: _i,
      format: _f,
      ...rest
    } = resource().attributes;
    const { inputs_size: _n, processed_count: _p, errors_count: _e, warnings_count: _w, ...kept } = rest;
    const parsed = parseImportResource({ ...resource(), attributes: kept }).attributes;
    expect(parsed).toEqual({
      ...kept,
      format: null,
      started_at: null,
      completed_at: null,
      interrupted_at: null,
      inputs_size: null,
      processed_count: null,
      errors_count: null,
      warnings_count: null,
      reference: null,
      split: null,
    });
    for (const required of ['status', 'resource_type', 'created_at', 'updated_at'] as const) {
      const { [required]: _gone, ...without } = resource().attributes;
      expect(() => parseImportResource({ ...resource(), attributes: without }), required).toThrow(
        `data.attributes.${required} is missing`,
      );
    }
  });

  it('reads a resource without `format` (the 2023 response schema has none) as of unknown format', () => {
    const { format: _absent, ...attributes } = resource().attributes;
    const parsed = parseImportResource({ ...resource(), attributes });
    expect(parsed.attributes.format).toBeNull();
    expect(importFromCommerceLayer(parsed).format).toBeNull();
    expect(() => parseImportResource(resource({ format: 3 as unknown as string }))).toThrow(WireShapeError);
    const { status: _none, ...withoutStatus } = resource().attributes;
    expect(() => parseImportResource({ ...resource(), attributes: withoutStatus })).toThrow(
      /status is missing/,
    );
  });

  it('checks list meta and token grants', () => {
    expect(() => parseImportList({ data: [] })).toThrow(WireShapeError);
    expect(() => parseImportList({ data: {}, meta: { record_count: 0, page_count: 0 } })).toThrow(
      WireShapeError,
    );
    expect(parseImportList({ data: [], meta: { record_count: 0, page_count: 0 } }).data).toEqual([]);
    expect(() => parseTokenGrant({ token_type: 'bearer', expires_in: 7200 })).toThrow(WireShapeError);
    expect(() => parseTokenGrant({ access_token: 'x', expires_in: 0 })).toThrow(WireShapeError);
    expect(parseTokenGrant({ access_token: 'x', expires_in: 7200 })).toEqual({
      accessToken: 'x',
      expiresInSeconds: 7200,
    });
  });
});

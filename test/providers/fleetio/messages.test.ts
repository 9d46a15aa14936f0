import { describe, expect, it } from 'vitest';
import { fleetioMessageOf } from '../../../src/providers/fleetio/details.ts';

describe('Fleetio row results as messages', () => {
  it('gives the row number, record id and imported type (specs/VENDOR-REFERENCE.md §1)', () => {
    expect(
      fleetioMessageOf({
        row_number: 12,
        record_id: 9041,
        imported_type: 'Vehicle',
        message: 'VIN is taken',
      }),
    ).toEqual({
      severity: 'ERROR',
      code: null,
      text: 'VIN is taken',
      subject: 'Vehicle row 12',
      rowNumber: 12,
      field: undefined,
      recordId: '9041',
      recordType: 'Vehicle',
    });
  });

  it('reads a missing or mistyped field as null rather than inventing one', () => {
    expect(fleetioMessageOf({ row_number: '12', record_id: null, imported_type: '' })).toMatchObject({
      rowNumber: null,
      recordId: null,
      recordType: null,
      subject: null,
      text: 'The row was not imported.',
    });
    expect(fleetioMessageOf({ row_number: 1.5, record_id: '' })).toMatchObject({
      rowNumber: null,
      recordId: null,
    });
  });
});

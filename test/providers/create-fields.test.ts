import { describe, expect, it } from 'vitest';
import { foreignFieldProblems, foreignFieldsOf } from '../../src/providers/create-fields.ts';
import { commerceLayerVendor } from '../../src/providers/commercelayer/vendor.ts';
import { fleetioVendor } from '../../src/providers/fleetio/vendor.ts';
import { sailpointVendor } from '../../src/providers/sailpoint/vendor.ts';
import { VENDORS } from '../../src/providers/vendors.ts';

describe('create fields of other vendors', () => {
  it('are the fields another vendor declares, with its name', () => {
    expect([...foreignFieldsOf(sailpointVendor, VENDORS)]).toEqual(
      commerceLayerVendor.createFields.map((field) => [field, 'Commerce Layer']),
    );
    expect([...foreignFieldsOf(commerceLayerVendor, VENDORS)]).toEqual([
      ['document', 'SailPoint'],
      ['options', 'SailPoint'],
      ['preview', 'SailPoint'],
    ]);
    // Fleetio creates nothing: every vendor's fields are foreign to it.
    expect(foreignFieldsOf(fleetioVendor, VENDORS).size).toBe(
      sailpointVendor.createFields.length + commerceLayerVendor.createFields.length,
    );
  });

  it('name every vendor that reads a field, and none that the vendor reads itself', () => {
    const vendors = [
      { provider: 'A', label: 'Alpha', createFields: ['shared', 'alpha'] },
      { provider: 'B', label: 'Beta', createFields: ['shared', 'beta'] },
      { provider: 'C', label: 'Gamma', createFields: ['shared'] },
    ];
    expect([...foreignFieldsOf(vendors[2]!, vendors)]).toEqual([
      ['alpha', 'Alpha'],
      ['beta', 'Beta'],
    ]);
    expect([...foreignFieldsOf({ provider: 'D' }, vendors)]).toContainEqual([
      'shared',
      'Alpha and Beta and Gamma',
    ]);
  });

  it('are refused by name when set, and only when set', () => {
    const foreign = foreignFieldsOf(commerceLayerVendor, VENDORS);
    expect(foreignFieldProblems({ resourceType: 'skus', document: {}, preview: false }, foreign)).toEqual([
      { field: ['document'], code: 'BAD_USER_INPUT', message: 'document applies to SailPoint imports only.' },
      { field: ['preview'], code: 'BAD_USER_INPUT', message: 'preview applies to SailPoint imports only.' },
    ]);
    expect(foreignFieldProblems({ resourceType: 'skus', inputs: [] }, foreign)).toEqual([]);
  });
});

import { describe, expect, it } from 'vitest';
import type { ImportChange } from '../../src/imports/change.ts';
import type { Import } from '../../src/imports/model.ts';
import { checkChangeFilter, matchesChange } from '../../src/live/change-filter.ts';
import { importAt } from '../support/import-fixture.ts';

const item = (changes: Partial<Import>): Import =>
  importAt(Date.parse('2026-11-01T10:05:00.000Z'), { providerId: 'AbcdeFghij', ...changes });
const change = (changes: Partial<Import>) => ({ kind: 'UPDATED', import: item(changes) }) as ImportChange;

describe('importsChanged filter: ids, reference and groupId', () => {
  it('selects by id within its provider, by exact reference and by group id', () => {
    const ids = new Map([['COMMERCE_LAYER', [{ providerId: 'AbcdeFghij' }]]] as const);
    expect(matchesChange({ ids }, change({}))).toBe(true);
    expect(matchesChange({ ids }, change({ providerId: 'Other12345' }))).toBe(false);
    expect(matchesChange({ ids }, change({ provider: 'FLEETIO', providerId: 'AbcdeFghij' }))).toBe(false);
    expect(matchesChange({ reference: 'ERP-1' }, change({ reference: 'ERP-1' }))).toBe(true);
    expect(matchesChange({ reference: 'ERP-1' }, change({ reference: 'erp-1' }))).toBe(false);
    expect(matchesChange({ reference: 'ERP-1' }, change({}))).toBe(false);
    const group = { id: 'nightly-7', part: 1, parts: 2 };
    expect(matchesChange({ groupId: 'nightly-7' }, change({ group }))).toBe(true);
    expect(matchesChange({ groupId: 'nightly' }, change({ group }))).toBe(false);
    expect(() => checkChangeFilter({ ids: new Map() })).toThrow('filter.ids is empty');
  });
});

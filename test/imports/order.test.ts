import { describe, expect, it } from 'vitest';
import { decodeImportCursor, encodeImportCursor, InvalidCursorError } from '../../src/imports/cursor.ts';
import { compareProviderIds, comparePositions, type OrderPosition } from '../../src/imports/order.ts';

const at = Date.parse('2026-11-20T10:00:00.000Z');

describe('total order of imports', () => {
  it('sorts numeric ids as numbers and other ids character by character', () => {
    expect(['10', '9', '100', '11'].sort(compareProviderIds)).toEqual(['9', '10', '11', '100']);
    expect(['b', 'B', 'a'].sort(compareProviderIds)).toEqual(['B', 'a', 'b']);
  });

  it('breaks ties on time by provider then id, and DESC reverses the whole tuple', () => {
    const positions: OrderPosition[] = [
      { at, provider: 'COMMERCE_LAYER', providerId: 'aaa' },
      { at, provider: 'FLEETIO', providerId: '12' },
      { at: at - 1, provider: 'SAILPOINT', providerId: 'x' },
      { at, provider: 'FLEETIO', providerId: '9' },
      { at, provider: 'SAILPOINT', providerId: 'x' },
    ];
    const ascending = [...positions].sort((a, b) => comparePositions(a, b, 'ASC'));
    expect(ascending.map((p) => `${p.provider}:${p.providerId}@${p.at - at}`)).toEqual([
      'SAILPOINT:x@-1',
      'FLEETIO:9@0',
      'FLEETIO:12@0',
      'SAILPOINT:x@0',
      'COMMERCE_LAYER:aaa@0',
    ]);
    expect([...positions].sort((a, b) => comparePositions(a, b, 'DESC'))).toEqual([...ascending].reverse());
  });
});

describe('import cursors', () => {
  const position: OrderPosition = { at, provider: 'COMMERCE_LAYER', providerId: 'PkZqHgEoWl' };

  it('round-trip a position', () => {
    expect(decodeImportCursor(encodeImportCursor(position, 'UPDATED_AT'), 'UPDATED_AT')).toEqual(position);
  });

  it.each([
    ['garbage', 'not a cursor!'],
    ['valid base64 but not JSON', Buffer.from('hello').toString('base64url')],
    ['another connection', Buffer.from('["m",1]').toString('base64url')],
    ['an unknown provider', Buffer.from('["i","c",1,7,"x"]').toString('base64url')],
  ])('refuse %s with a person-readable reason', (_label, cursor) => {
    expect(() => decodeImportCursor(cursor, 'CREATED_AT')).toThrow(InvalidCursorError);
  });

  it('refuse a cursor taken under another order field', () => {
    const cursor = encodeImportCursor(position, 'CREATED_AT');
    expect(() => decodeImportCursor(cursor, 'UPDATED_AT')).toThrow(/another orderBy field/);
  });
});

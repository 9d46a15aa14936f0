import { describe, expect, it } from 'vitest';
import {
  detailPageRequest,
  encodeDetailCursor,
  InvalidDetailArgument,
} from '../../src/imports/detail-connection.ts';
import { InvalidSeverities, severitiesFilter } from '../../src/imports/message-severities.ts';
import type { Import } from '../../src/imports/model.ts';

const item = { provider: 'SAILPOINT', providerId: 'job-1' } as Import;

describe('messages(severities:)', () => {
  it('reads absent or all three as no filter, and puts the rest in one order', () => {
    expect(severitiesFilter(undefined)).toBeUndefined();
    expect(severitiesFilter(null)).toBeUndefined();
    expect(severitiesFilter(['INFO', 'WARNING', 'ERROR'])).toBeUndefined();
    expect(severitiesFilter(['INFO', 'ERROR', 'INFO'])).toEqual(['ERROR', 'INFO']);
  });

  it('refuses an empty list and one longer than 3', () => {
    expect(() => severitiesFilter([])).toThrow(InvalidSeverities);
    expect(() => severitiesFilter(['ERROR', 'ERROR', 'ERROR', 'ERROR'])).toThrow(/at most 3/);
  });

  it('binds a cursor to its filter: the same filter pages on, another is refused', () => {
    const cursor = encodeDetailCursor(item, 'messages', '4', ['ERROR', 'INFO']);
    expect(detailPageRequest(item, 'messages', { after: cursor, severities: ['INFO', 'ERROR'] })).toEqual({
      first: 20,
      after: '4',
      severities: ['ERROR', 'INFO'],
    });
    expect(() => detailPageRequest(item, 'messages', { after: cursor })).toThrow(InvalidDetailArgument);
    expect(() => detailPageRequest(item, 'messages', { after: cursor, severities: ['ERROR'] })).toThrow(
      /other `severities`/,
    );
    // A cursor taken without a filter (or before filters existed) pages on without one.
    const plain = encodeDetailCursor(item, 'messages', '4');
    expect(detailPageRequest(item, 'messages', { after: plain })).toEqual({ first: 20, after: '4' });
  });
});

import { describe, expect, it } from 'vitest';
import { sourceNotices, type ImportSource } from '../../examples/client/list.ts';

/** The notices the example client kit prints above the list (examples/client/list.ts). */
const source = (
  provider: ImportSource['provider'],
  state: ImportSource['state'],
  error: ImportSource['error'] = null,
): ImportSource => ({ __typename: 'ImportSourceStatus', provider, state, error });

describe('sourceNotices', () => {
  it('says nothing when every vendor answered in full', () => {
    expect(sourceNotices([source('FLEETIO', 'OK'), source('COMMERCE_LAYER', 'OK')])).toEqual([]);
  });

  it('names each vendor missing, not set up, or only partly searched, in the sources order', () => {
    const failed = source('FLEETIO', 'FAILED', {
      __typename: 'ImportSourceError',
      code: 'RATE_LIMITED',
      message: 'Fleetio answered 429',
      retryable: true,
      retryAfterSeconds: 30,
    });
    expect(
      sourceNotices([failed, source('SAILPOINT', 'DISABLED'), source('COMMERCE_LAYER', 'INCOMPLETE')]),
    ).toEqual([
      'FLEETIO: unavailable (RATE_LIMITED, retry in 30 s)',
      'SAILPOINT: not set up',
      'COMMERCE_LAYER: searched 100 of its imports for this page; load more to search further',
    ]);
  });
});

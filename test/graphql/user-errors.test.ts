/** A problem as the `UserError` a client reads: the typed code and whether, and when, to retry. */
import { describe, expect, it } from 'vitest';
import { problem } from '../../src/imports/import-operations.ts';
import { userErrorsOf } from '../../src/graphql/resolvers/Mutation/user-errors.ts';

describe('userErrorsOf', () => {
  it('gives the typed code, the catalogue’s retryable and the retry hint of a retryable problem', () => {
    expect(
      userErrorsOf([
        problem('BAD_USER_INPUT', 'resourceType is missing.', ['resourceType']),
        { ...problem('RATE_LIMITED', 'Commerce Layer refused part 2 of 2.'), retryAfterSeconds: 20 },
        problem('UPSTREAM_UNAVAILABLE', 'The import may have been created.'),
      ]),
    ).toEqual([
      {
        field: ['input', 'resourceType'],
        message: 'resourceType is missing.',
        code: 'BAD_USER_INPUT',
        errorCode: 'BAD_USER_INPUT',
        retryable: false,
        retryAfterSeconds: null,
      },
      {
        field: null,
        message: 'Commerce Layer refused part 2 of 2.',
        code: 'RATE_LIMITED',
        errorCode: 'RATE_LIMITED',
        retryable: true,
        retryAfterSeconds: 20,
      },
      {
        field: null,
        message: 'The import may have been created.',
        code: 'UPSTREAM_UNAVAILABLE',
        errorCode: 'UPSTREAM_UNAVAILABLE',
        retryable: true,
        retryAfterSeconds: null,
      },
    ]);
  });

  it('drops a hint on a problem not worth retrying as is', () => {
    const [shown] = userErrorsOf([{ ...problem('UPSTREAM_ERROR', 'Garbled.'), retryAfterSeconds: 5 }]);
    expect(shown).toMatchObject({ retryable: false, retryAfterSeconds: null });
  });
});

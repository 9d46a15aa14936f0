import { describe, expect, it } from 'vitest';
import { SailpointRefusal } from '../../../src/providers/sailpoint/errors.ts';
import { fieldOfReason, refusalProblems } from '../../../src/providers/sailpoint/refusal.ts';

describe('SailPoint refusals → userErrors', () => {
  it.each([
    [
      'options.excludeTypes holds "ROLEX", which is not an importable object type.',
      ['options', 'excludeTypes'],
    ],
    [
      'options.objectOptions.SOURCE.includedNames must be an array of strings.',
      ['options', 'objectOptions', 'SOURCE', 'includedNames'],
    ],
    ['objects[3].self.id must be a non-empty string.', ['document', 'objects', '3', 'self', 'id']],
    ['objects[12] is a duplicate.', ['document', 'objects', '12']],
    ['The form part "data" (the export file) is required.', ['document']],
    ['The form part "options" is not valid JSON: Unexpected token', ['options']],
    ['options must be a JSON object (ImportOptions).', ['options']],
    ['The data file must hold a JSON object (an sp-config export).', ['document']],
    ['preview must be true or false, not "maybe".', ['preview']],
    ['The request was syntactically correct but its content is semantically invalid.', undefined],
  ])('reads the field of %j', (reason, field) => {
    expect(fieldOfReason(reason)).toEqual(field);
  });

  it('answers one problem per reason, with the vendor text and detailCode', () => {
    const refusal = new SailpointRefusal(
      'SailPoint refused the creation of an import job as invalid (400).',
      { status: 400, code: '400.1 Bad Request Content' },
      ['options.includeTypes holds "X", which is not an importable object type.', 'Something else is wrong.'],
    );
    expect(refusalProblems(refusal)).toEqual([
      {
        code: 'BAD_USER_INPUT',
        field: ['options', 'includeTypes'],
        message:
          'SailPoint refused the import (400.1 Bad Request Content): options.includeTypes holds "X", which is not an importable object type.',
      },
      {
        code: 'BAD_USER_INPUT',
        message: 'SailPoint refused the import (400.1 Bad Request Content): Something else is wrong.',
      },
    ]);
    expect(refusalProblems(new SailpointRefusal('x', { status: 400 }, []))).toEqual([
      { code: 'BAD_USER_INPUT', message: 'SailPoint refused the document or its options without a reason.' },
    ]);
  });
});

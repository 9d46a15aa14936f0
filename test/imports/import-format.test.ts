import { describe, expect, it } from 'vitest';
import { formatKindOf } from '../../src/imports/import-format.ts';

describe('Import.formatKind', () => {
  it.each([
    ['json', 'JSON'],
    ['JSON', 'JSON'],
    [' csv ', 'CSV'],
    ['xlsx', null],
    ['jsonl', null],
    ['', null],
    [null, null],
  ])('%j is %s', (format, kind) => {
    expect(formatKindOf(format)).toBe(kind);
  });
});

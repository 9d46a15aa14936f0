import { describe, expect, it } from 'vitest';
import {
  MAX_BODY_BYTES,
  bodySizeProblem,
  formatOf,
  parseCsv,
  parseInputs,
  parseSailPointDocument,
  utf8Length,
} from '../../console/src/create/parse-inputs.ts';
import { parseImportOptions } from '../../console/src/create/parse-import-options.ts';

const ok = <T>(parsed: { ok: true; value: T } | { ok: false; error: string }): T => {
  if (!parsed.ok) throw new Error(`expected a parse, got: ${parsed.error}`);
  return parsed.value;
};
const error = (parsed: { ok: true } | { ok: false; error: string }): string => {
  if (parsed.ok) throw new Error('expected a refusal');
  return parsed.error;
};

describe('CSV in the browser', () => {
  it('reads quoted fields with commas, doubled quotes and line breaks, over CRLF', () => {
    const rows = ok(parseCsv('code,name\r\nA1,"Red, large"\r\nA2,"say ""hi""\r\nsecond line"\r\n'));
    expect(rows).toEqual([
      { line: 1, fields: ['code', 'name'] },
      { line: 2, fields: ['A1', 'Red, large'] },
      { line: 3, fields: ['A2', 'say "hi"\r\nsecond line'] },
    ]);
  });

  it('skips blank lines and a byte-order mark, keeps empty fields', () => {
    const rows = ok(parseCsv('\uFEFFa,b\n\n1,\n,""\n'));
    expect(rows.map((row) => row.fields)).toEqual([
      ['a', 'b'],
      ['1', ''],
      ['', ''],
    ]);
    expect(rows.map((row) => row.line)).toEqual([1, 3, 4]);
  });

  it('counts the rows and names the columns', () => {
    const parsed = ok(parseInputs('code,name\nA,1\nB,2\nC,3', 'CSV'));
    expect(parsed).toMatchObject({ format: 'CSV', count: 3, columns: ['code', 'name'], parts: 1 });
    expect(parsed.inputs).toBe('code,name\nA,1\nB,2\nC,3');
  });

  it('refuses a ragged row, naming its line (after a multi-line field)', () => {
    expect(error(parseInputs('code,name\nA,"x\ny"\nB,2,3\n', 'CSV'))).toBe(
      'Line 4 has 3 fields; the header row has 2. Every row needs one value per column.',
    );
  });

  it('refuses empty files, a header alone, unclosed quotes and stray quotes', () => {
    expect(error(parseInputs('', 'CSV'))).toMatch(/empty/);
    expect(error(parseInputs('\n\n', 'CSV'))).toMatch(/empty/);
    expect(error(parseInputs('code,name\n', 'CSV'))).toMatch(/no data rows/);
    expect(error(parseInputs('code,name\nA,"open\n', 'CSV'))).toBe('Line 2: a quoted field is never closed.');
    expect(error(parseInputs('code,name\nA,b"c\n', 'CSV'))).toMatch(
      /^Line 2: a quote inside an unquoted field/,
    );
    expect(error(parseInputs('code,name\nA,"b"c\n', 'CSV'))).toMatch(/^Line 2: a closing quote/);
    expect(error(parseInputs('code,,name\nA,b,c\n', 'CSV'))).toMatch(/Column 2 of the header row/);
    expect(error(parseInputs('code,code\nA,b\n', 'CSV'))).toMatch(/"code" twice/);
  });
});

describe('JSON inputs', () => {
  it('takes an array of objects and lists their keys', () => {
    const parsed = ok(parseInputs('[{"code":"A","name":"x"},{"code":"B","price":1}]', 'JSON'));
    expect(parsed).toMatchObject({ format: 'JSON', count: 2, columns: ['code', 'name', 'price'], parts: 1 });
    expect(parsed.inputs).toEqual([
      { code: 'A', name: 'x' },
      { code: 'B', price: 1 },
    ]);
  });

  it('refuses what is not an array of objects, and text that is not JSON', () => {
    expect(error(parseInputs('{"code":"A"}', 'JSON'))).toMatch(/must be an array of objects/);
    expect(error(parseInputs('[]', 'JSON'))).toMatch(/empty/);
    expect(error(parseInputs('[{"a":1}, 2]', 'JSON'))).toBe(
      'Item 2 of the JSON array is not an object; every item must be an object.',
    );
    expect(error(parseInputs('[{"a":1}, null]', 'JSON'))).toMatch(/Item 2/);
    expect(error(parseInputs('[{"a":1}, [1]]', 'JSON'))).toMatch(/Item 2/);
    expect(error(parseInputs('[{"a":1},', 'JSON'))).toMatch(/^The file is not valid JSON: /);
  });
});

describe('limits', () => {
  it('says how many parts a split makes, and refuses more than 10 parts', () => {
    const rows = (count: number) =>
      `code\n${Array.from({ length: count }, (_, index) => `S${index}`).join('\n')}`;
    expect(ok(parseInputs(rows(10_000), 'CSV')).parts).toBe(1);
    expect(ok(parseInputs(rows(10_001), 'CSV')).parts).toBe(2);
    expect(ok(parseInputs(rows(100_000), 'CSV')).parts).toBe(10);
    expect(error(parseInputs(rows(100_001), 'CSV'))).toMatch(
      /100,001 inputs: that would be 11 imports, and the most is 10/,
    );
  });

  it('refuses a file whose request body would pass 10 MiB', () => {
    const big = JSON.stringify(Array.from({ length: 1_100 }, () => ({ text: 'x'.repeat(10_000) })));
    expect(error(parseInputs(big, 'JSON'))).toMatch(/too large to send: about 10\.5 MiB.*at most 10\.0 MiB/);
    expect(bodySizeProblem('x'.repeat(MAX_BODY_BYTES - 10_000))).toBeUndefined();
    // Multi-byte text counts in bytes, not characters.
    expect(utf8Length('aé€😀')).toBe(1 + 2 + 3 + 4);
    expect(bodySizeProblem('€'.repeat(4_000_000))).toMatch(/too large/);
  });
});

describe('formats and SailPoint documents', () => {
  it('tells the format by extension, MIME type, then content', () => {
    expect(formatOf('skus.csv', '', '[')).toBe('CSV');
    expect(formatOf('skus.JSON', '', 'a,b')).toBe('JSON');
    expect(formatOf('skus', 'text/csv', '')).toBe('CSV');
    expect(formatOf('skus.txt', '', '  [{"a":1}]')).toBe('JSON');
    expect(formatOf('skus.txt', '', 'code,name')).toBe('CSV');
  });

  it('takes an sp-config export and refuses other shapes', () => {
    const document = {
      version: 1,
      objects: [{ self: { type: 'SOURCE', id: 's1' } }, { self: { type: 'ROLE', id: 'r1' } }],
    };
    expect(ok(parseSailPointDocument(JSON.stringify(document)))).toMatchObject({
      objectCount: 2,
      types: ['SOURCE', 'ROLE'],
    });
    expect(error(parseSailPointDocument(''))).toMatch(/empty/);
    expect(error(parseSailPointDocument('[1]'))).toMatch(/JSON object with an "objects" array/);
    expect(error(parseSailPointDocument('{"objects":[]}'))).toMatch(/no objects/);
    expect(error(parseSailPointDocument('{"objects":[{"self":{"type":"ROLE"}}]}'))).toBe(
      'Object 1 of "objects" has no "self" with a type and an id.',
    );
    expect(error(parseSailPointDocument('{objects'))).toMatch(/not valid JSON/);
  });
});

describe('SailPoint import options', () => {
  it('sends nothing for an empty field, and the object as typed otherwise', () => {
    expect(ok(parseImportOptions(''))).toEqual({ options: undefined, unknownKeys: [] });
    expect(ok(parseImportOptions('  \n'))).toEqual({ options: undefined, unknownKeys: [] });
    const typed = {
      includeTypes: ['SOURCE', 'TRANSFORM'],
      excludeTypes: [],
      objectOptions: { SOURCE: { includedIds: ['s1'], includedNames: [] } },
      defaultReferences: [{ type: 'IDENTITY', id: 'i1', name: 'Ann' }],
      excludeBackup: true,
    };
    expect(ok(parseImportOptions(JSON.stringify(typed)))).toEqual({ options: typed, unknownKeys: [] });
    // null is what leaving a key out means, to the gateway and to SailPoint.
    expect(ok(parseImportOptions('{"includeTypes": null, "excludeBackup": null}')).unknownKeys).toEqual([]);
  });

  it('names keys SailPoint does not know, without refusing them (SailPoint ignores them)', () => {
    expect(ok(parseImportOptions('{"excludeBackups": true, "includeTypes": ["RULE"], "x": 1}'))).toEqual({
      options: { excludeBackups: true, includeTypes: ['RULE'], x: 1 },
      unknownKeys: ['excludeBackups', 'x'],
    });
  });

  it('refuses text that is not JSON, JSON that is not an object, and values of the wrong shape', () => {
    expect(error(parseImportOptions('{excludeBackup: true}'))).toMatch(
      /^The import options are not valid JSON: /,
    );
    for (const notObject of ['[]', '"SOURCE"', 'true', 'null', '3'])
      expect(error(parseImportOptions(notObject))).toBe(
        'The import options must be a JSON object, e.g. {"excludeBackup": true}.',
      );
    expect(error(parseImportOptions('{"includeTypes": "SOURCE"}'))).toBe(
      '"includeTypes" must be a list of object types as strings, e.g. ["SOURCE", "TRANSFORM"].',
    );
    expect(error(parseImportOptions('{"excludeTypes": ["SOURCE", 3]}'))).toMatch(
      /^"excludeTypes" must be a list/,
    );
    expect(error(parseImportOptions('{"defaultReferences": "SOURCE"}'))).toBe(
      '"defaultReferences" must be a list.',
    );
    expect(error(parseImportOptions('{"objectOptions": {"SOURCE": ["s1"]}}'))).toMatch(
      /^"objectOptions" must map object types to/,
    );
    expect(error(parseImportOptions('{"objectOptions": []}'))).toMatch(/^"objectOptions" must map/);
    expect(error(parseImportOptions('{"excludeBackup": "yes"}'))).toBe(
      '"excludeBackup" must be true or false.',
    );
  });
});

/**
 * What a file chosen in the browser holds, checked before anything is sent: the gateway would
 * refuse the same things, but only after the whole file crossed the network, and a body over its
 * limit gets a bare 413. Pure (no DOM), so it is unit-tested under Node too.
 */

import { MAX_INPUTS_PER_IMPORT, MAX_PARTS } from '../../../src/providers/commercelayer/import-limits.ts';

// Commerce Layer's inputs per import, past which the gateway splits, and the most parts a split
// may have (README, Split imports): the gateway's own numbers.
export { MAX_INPUTS_PER_IMPORT, MAX_PARTS };
/** The gateway's default request body limit (MAX_BODY_BYTES, README). */
export const MAX_BODY_BYTES = 10 * 1024 * 1024;
/** Room in the body for the query text and the other fields of the input. */
const BODY_OVERHEAD_BYTES = 8 * 1024;

export type InputFormat = 'CSV' | 'JSON';

export interface ParsedInputs {
  format: InputFormat;
  /** What `createImport` sends: the CSV text, or the parsed array. */
  inputs: string | Record<string, unknown>[];
  count: number;
  columns: string[];
  /** How many imports the gateway will make of them (1, or the parts of a split). */
  parts: number;
}

export interface ParsedDocument {
  document: Record<string, unknown>;
  objectCount: number;
  /** The object types in the document, e.g. SOURCE, ROLE, in order of first appearance. */
  types: string[];
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };

const refuse = (error: string): { ok: false; error: string } => ({ ok: false, error });

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * The format of a file: its extension or MIME type when they say, else what its text starts
 * with (`[` or `{` is JSON).
 */
export function formatOf(fileName: string, mimeType: string, text: string): InputFormat {
  const name = fileName.toLowerCase();
  if (name.endsWith('.csv') || mimeType === 'text/csv') return 'CSV';
  if (name.endsWith('.json') || mimeType === 'application/json') return 'JSON';
  return /^\uFEFF?\s*[[{]/.test(text) ? 'JSON' : 'CSV';
}

/** A Commerce Layer file's inputs, in the format given, checked against the gateway's limits. */
export function parseInputs(text: string, format: InputFormat): Parsed<ParsedInputs> {
  const parsed = format === 'CSV' ? parseCsvInputs(text) : parseJsonInputs(text);
  if (!parsed.ok) return parsed;
  const { count } = parsed.value;
  const parts = Math.ceil(count / MAX_INPUTS_PER_IMPORT);
  if (parts > MAX_PARTS)
    return refuse(
      `The file holds ${count.toLocaleString('en')} inputs: that would be ${parts} imports, and the most is ` +
        `${MAX_PARTS} (${(MAX_PARTS * MAX_INPUTS_PER_IMPORT).toLocaleString('en')} inputs). Split the file.`,
    );
  const tooBig = bodySizeProblem(parsed.value.inputs);
  if (tooBig) return refuse(tooBig);
  return { ok: true, value: { ...parsed.value, parts } };
}

/** A message when sending `inputs` would exceed the gateway's body limit; undefined when it fits. */
export function bodySizeProblem(inputs: unknown): string | undefined {
  const bytes = utf8Length(JSON.stringify(inputs)) + BODY_OVERHEAD_BYTES;
  if (bytes <= MAX_BODY_BYTES) return undefined;
  return (
    `The file is too large to send: about ${megabytes(bytes)} MiB once encoded, and the gateway takes ` +
    `at most ${megabytes(MAX_BODY_BYTES)} MiB per request. Split it into smaller files.`
  );
}

function parseJsonInputs(text: string): Parsed<Omit<ParsedInputs, 'parts'>> {
  const json = parseJson(text);
  if (!json.ok) return json;
  const value = json.value;
  if (!Array.isArray(value))
    return refuse(
      'The JSON file must be an array of objects, e.g. [{"code": "SKU1"}, …]; this one is not an array.',
    );
  if (value.length === 0) return refuse('The JSON array is empty: there is nothing to import.');
  const wrong = value.findIndex((item) => !isPlainObject(item));
  if (wrong >= 0)
    return refuse(`Item ${wrong + 1} of the JSON array is not an object; every item must be an object.`);
  const inputs = value as Record<string, unknown>[];
  const columns = new Set<string>();
  // The first items are enough to show what the file holds.
  for (const item of inputs.slice(0, 100)) for (const key of Object.keys(item)) columns.add(key);
  return { ok: true, value: { format: 'JSON', inputs, count: inputs.length, columns: [...columns] } };
}

function parseCsvInputs(text: string): Parsed<Omit<ParsedInputs, 'parts'>> {
  const parsed = parseCsv(text);
  if (!parsed.ok) return parsed;
  const [header, ...rows] = parsed.value;
  if (!header) return refuse('The CSV file is empty: it needs a header row and at least one data row.');
  const columns = header.fields.map((name) => name.trim());
  const blank = columns.findIndex((name) => name === '');
  if (blank >= 0) return refuse(`Column ${blank + 1} of the header row (line ${header.line}) has no name.`);
  const repeated = columns.find((name, index) => columns.indexOf(name) !== index);
  if (repeated !== undefined) return refuse(`The header row names the column "${repeated}" twice.`);
  if (rows.length === 0)
    return refuse('The CSV file has a header row but no data rows: there is nothing to import.');
  const ragged = rows.find((row) => row.fields.length !== columns.length);
  if (ragged)
    return refuse(
      `Line ${ragged.line} has ${ragged.fields.length} ${ragged.fields.length === 1 ? 'field' : 'fields'}; ` +
        `the header row has ${columns.length}. Every row needs one value per column.`,
    );
  return {
    ok: true,
    value: { format: 'CSV', inputs: text.replace(/^\uFEFF/, ''), count: rows.length, columns },
  };
}

export interface CsvRow {
  /** The line the row starts on, from 1. */
  line: number;
  fields: string[];
}

/**
 * RFC 4180 CSV: fields separated by commas, rows by CRLF or LF; a quoted field may hold commas,
 * line breaks and doubled quotes. Blank lines are skipped, as the gateway and the vendor do.
 */
export function parseCsv(text: string): Parsed<CsvRow[]> {
  const rows: CsvRow[] = [];
  let fields: string[] = [];
  let field = '';
  let line = 1;
  let rowLine = 1;
  // A quote opens a quoted field only as the field's first character.
  let atFieldStart = true;
  let index = text.startsWith('\uFEFF') ? 1 : 0;
  const endRow = () => {
    // A line with nothing on it is no row (blank lines, the last line break).
    if (fields.length > 0 || field !== '' || !atFieldStart)
      rows.push({ line: rowLine, fields: [...fields, field] });
    fields = [];
    field = '';
    atFieldStart = true;
  };
  while (index < text.length) {
    const char = text[index]!;
    if (char === '"' && atFieldStart) {
      const opened = line;
      index++;
      for (;;) {
        if (index >= text.length) return refuse(`Line ${opened}: a quoted field is never closed.`);
        const inner = text[index]!;
        index++;
        if (inner === '"' && text[index] === '"') {
          field += '"';
          index++;
        } else if (inner === '"') break;
        else {
          if (inner === '\n') line++;
          field += inner;
        }
      }
      atFieldStart = false;
      const next = text[index];
      if (next !== undefined && next !== ',' && next !== '\n' && next !== '\r')
        return refuse(`Line ${line}: a closing quote must be followed by a comma or the end of the line.`);
      continue;
    }
    if (char === ',') {
      fields.push(field);
      field = '';
      atFieldStart = true;
    } else if (char === '\r' || char === '\n') {
      if (char === '\r' && text[index + 1] === '\n') index++;
      endRow();
      line++;
      rowLine = line;
    } else if (char === '"') {
      return refuse(
        `Line ${line}: a quote inside an unquoted field; quote the whole field and double the quote.`,
      );
    } else {
      field += char;
      atFieldStart = false;
    }
    index++;
  }
  endRow();
  return { ok: true, value: rows };
}

/** A SailPoint sp-config export: an object whose `objects` each name themselves in `self`. */
export function parseSailPointDocument(text: string): Parsed<ParsedDocument> {
  if (text.trim() === '') return refuse('The document is empty: paste or choose an sp-config export (JSON).');
  const json = parseJson(text);
  if (!json.ok) return json;
  const document = json.value;
  if (!isPlainObject(document) || !Array.isArray(document.objects))
    return refuse('The document must be a JSON object with an "objects" array (an sp-config export).');
  if (document.objects.length === 0)
    return refuse('The document holds no objects: there is nothing to import.');
  const types = new Set<string>();
  for (const [index, entry] of (document.objects as unknown[]).entries()) {
    const self = isPlainObject(entry) ? entry.self : undefined;
    if (
      !isPlainObject(self) ||
      typeof self.type !== 'string' ||
      !self.type ||
      typeof self.id !== 'string' ||
      !self.id
    )
      return refuse(`Object ${index + 1} of "objects" has no "self" with a type and an id.`);
    types.add(self.type);
  }
  const tooBig = bodySizeProblem(document);
  if (tooBig) return refuse(tooBig);
  return { ok: true, value: { document, objectCount: document.objects.length, types: [...types] } };
}

function parseJson(text: string): Parsed<unknown> {
  try {
    return { ok: true, value: JSON.parse(text.replace(/^\uFEFF/, '')) as unknown };
  } catch (error) {
    // The engine's words say where (position or line), which is what a person needs to fix it.
    return refuse(`The file is not valid JSON: ${(error as Error).message}`);
  }
}

/** Bytes of `text` in UTF-8, without encoding it. */
export function utf8Length(text: string): number {
  let bytes = 0;
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    else if (code >= 0xd800 && code <= 0xdbff) {
      bytes += 4;
      index++;
    } else bytes += 3;
  }
  return bytes;
}

const megabytes = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);

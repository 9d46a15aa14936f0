import { randomBytes } from 'node:crypto';
import { parse as parseCsv } from 'csv-parse/sync';
import { problem, type CreateImportRequest, type InputProblem } from '../../imports/import-operations.ts';
import {
  DEFAULT_REFERENCE_ORIGIN,
  IMPORTABLE_RESOURCE_TYPES,
  MAX_INPUTS_PER_IMPORT,
  MAX_PARTS,
  TAG_METADATA_KEY,
} from './import-limits.ts';
import { foreignFieldProblems, NO_FOREIGN_FIELDS, type ForeignFields } from '../create-fields.ts';

/** One vendor import of a creation: its JSON:API attributes (without the tag) and where it stands. */
export interface PlannedImport {
  part: number;
  parts: number;
  /** How many inputs it carries. */
  size: number;
  attributes: Record<string, unknown>;
}

export type CreationPlan = { ok: true; imports: PlannedImport[] } | { ok: false; problems: InputProblem[] };

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** The inputs cut into parts of at most 10,000: JSON arrays, or CSV texts with the header on each. */
type Chunks =
  { ok: true; chunks: { inputs: unknown; size: number }[] } | { ok: false; problems: InputProblem[] };

function chunkJson(inputs: unknown): Chunks {
  if (!Array.isArray(inputs)) {
    return {
      ok: false,
      problems: [
        problem('BAD_USER_INPUT', 'With format JSON, inputs is a JSON array of objects.', ['inputs']),
      ],
    };
  }
  const wrong = inputs.findIndex((item) => !isPlainObject(item));
  if (wrong >= 0) {
    return {
      ok: false,
      problems: [
        problem('BAD_USER_INPUT', `Input ${wrong} is not a JSON object.`, ['inputs', String(wrong)]),
      ],
    };
  }
  const chunks = [];
  for (let start = 0; start < inputs.length; start += MAX_INPUTS_PER_IMPORT) {
    const slice = inputs.slice(start, start + MAX_INPUTS_PER_IMPORT);
    chunks.push({ inputs: slice, size: slice.length });
  }
  return { ok: true, chunks };
}

/**
 * CSV is parsed here (as the vendor will: first line the header, blank lines skipped) so a text
 * that does not parse is refused before anything is created, and a long one is split on record
 * boundaries: each part is the header plus its records' original text, byte for byte.
 */
function chunkCsv(inputs: unknown): Chunks {
  const refuse = (message: string): Chunks => ({
    ok: false,
    problems: [problem('BAD_USER_INPUT', message, ['inputs'])],
  });
  if (typeof inputs !== 'string') return refuse('With format CSV, inputs is the CSV text as one string.');
  let rows: { raw: string }[];
  try {
    rows = parseCsv(inputs, { raw: true, skip_empty_lines: true, trim: true }) as unknown as {
      raw: string;
    }[];
  } catch (error) {
    return refuse(`The CSV does not parse: ${(error as Error).message}.`);
  }
  const [header, ...records] = rows;
  if (!header || records.length === 0) return { ok: true, chunks: [] };
  const line = (raw: string) => (raw.endsWith('\n') ? raw : `${raw}\n`);
  const chunks = [];
  for (let start = 0; start < records.length; start += MAX_INPUTS_PER_IMPORT) {
    const slice = records.slice(start, start + MAX_INPUTS_PER_IMPORT);
    chunks.push({
      inputs: line(header.raw) + slice.map((record) => line(record.raw)).join(''),
      size: slice.length,
    });
  }
  return { ok: true, chunks };
}

function checkFields(request: CreateImportRequest, foreignFields: ForeignFields): InputProblem[] {
  const problems: InputProblem[] = [];
  const type = request.resourceType;
  if (type === undefined || type.trim() === '') {
    problems.push(
      problem('BAD_USER_INPUT', 'Commerce Layer needs resourceType, e.g. "skus".', ['resourceType']),
    );
  } else if (!IMPORTABLE_RESOURCE_TYPES.includes(type)) {
    problems.push(
      problem(
        'BAD_USER_INPUT',
        `Commerce Layer does not import "${type.slice(0, 60)}"; resourceType is one of ${IMPORTABLE_RESOURCE_TYPES.join(', ')}.`,
        ['resourceType'],
      ),
    );
  }
  if (request.metadata !== undefined && request.metadata !== null && !isPlainObject(request.metadata)) {
    problems.push(problem('BAD_USER_INPUT', 'metadata is a JSON object.', ['metadata']));
  }
  problems.push(...foreignFieldProblems(request, foreignFields));
  return problems;
}

/**
 * Checks a Commerce Layer creation and plans its vendor imports. Over 10,000 inputs it splits as
 * the vendor's sdk-utils `splitImport` does [S]: every part keeps the attributes, `reference`
 * becomes `<group>-<n>` and `metadata` gets `group_id` and `progress_number` (`n/N`). The group is
 * the caller's `reference`, else one derived from the creation tag, so a retry under the same
 * idempotency key plans the very same parts.
 */
export function planCreation(
  request: CreateImportRequest,
  tag: string,
  foreignFields: ForeignFields = NO_FOREIGN_FIELDS,
): CreationPlan {
  const problems = checkFields(request, foreignFields);
  let chunks: { inputs: unknown; size: number }[] = [];
  if (request.inputs === undefined || request.inputs === null) {
    problems.push(problem('BAD_USER_INPUT', 'inputs is required: the records to import.', ['inputs']));
  } else {
    const cut = request.format === 'CSV' ? chunkCsv(request.inputs) : chunkJson(request.inputs);
    if (!cut.ok) problems.push(...cut.problems);
    else if (cut.chunks.length === 0)
      problems.push(problem('BAD_USER_INPUT', 'inputs is empty: there is nothing to import.', ['inputs']));
    else if (cut.chunks.length > MAX_PARTS) {
      problems.push(
        problem(
          'BAD_USER_INPUT',
          `More than ${MAX_PARTS * MAX_INPUTS_PER_IMPORT} inputs: Commerce Layer takes ${MAX_INPUTS_PER_IMPORT} per import and the gateway splits one call into at most ${MAX_PARTS}. Send the rest in another call.`,
          ['inputs'],
        ),
      );
    } else chunks = cut.chunks;
  }
  if (problems.length > 0) return { ok: false, problems };

  const parts = chunks.length;
  const group = request.reference ?? `gw-${tag.slice(0, 12) || randomBytes(6).toString('hex')}`;
  const metadata = { ...((request.metadata as Record<string, unknown> | undefined) ?? {}) };
  delete metadata[TAG_METADATA_KEY];
  return {
    ok: true,
    imports: chunks.map((chunk, index) => {
      const part = index + 1;
      const attributes: Record<string, unknown> = {
        resource_type: request.resourceType,
        format: request.format === 'CSV' ? 'csv' : 'json',
        inputs: chunk.inputs,
        reference_origin: request.referenceOrigin ?? DEFAULT_REFERENCE_ORIGIN,
        metadata:
          parts === 1 ? metadata : { ...metadata, group_id: group, progress_number: `${part}/${parts}` },
      };
      if (parts > 1) attributes.reference = `${group}-${part}`;
      else if (request.reference !== undefined) attributes.reference = request.reference;
      if (request.parentResourceId !== undefined) attributes.parent_resource_id = request.parentResourceId;
      if (request.skipErrors !== undefined) attributes.skip_errors = request.skipErrors;
      return { part, parts, size: chunk.size, attributes };
    }),
  };
}

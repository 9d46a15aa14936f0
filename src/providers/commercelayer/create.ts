import type { Import } from '../../imports/model.ts';
import type { CreationJournal } from '../idempotent-create.ts';
import {
  problem,
  type CreateOutcome,
  type InputProblem,
  type ProblemCode,
} from '../../imports/import-operations.ts';
import { UpstreamError } from '../http/upstream-error.ts';
import type { CommerceLayerClient } from './client.ts';
import type { PlannedImport } from './create-plan.ts';
import { CommerceLayerRefusal } from './errors.ts';
import { findTagged } from './find-tagged.ts';
import { TAG_METADATA_KEY } from './import-limits.ts';
import type { importFromCommerceLayer } from './map.ts';
import { parseImportDocument, WireShapeError } from './wire.ts';

/** Commerce Layer attribute → the `CreateImportInput` field a caller wrote it as. */
const INPUT_FIELDS: Record<string, string> = {
  resource_type: 'resourceType',
  format: 'format',
  inputs: 'inputs',
  parent_resource_id: 'parentResourceId',
  skip_errors: 'skipErrors',
  reference: 'reference',
  reference_origin: 'referenceOrigin',
  metadata: 'metadata',
};

const CODE_OF_FAILURE: Record<UpstreamError['failure'], ProblemCode> = {
  unavailable: 'UPSTREAM_UNAVAILABLE',
  'rate-limited': 'RATE_LIMITED',
  'not-found': 'NOT_FOUND',
  'invalid-request': 'BAD_USER_INPUT',
  error: 'UPSTREAM_ERROR',
};

const partLabel = (planned: PlannedImport) =>
  planned.parts === 1 ? '' : ` (part ${planned.part} of ${planned.parts})`;

/** A 422 of the vendor, attribute by attribute, in the caller's field names. */
function refusalProblems(refusal: CommerceLayerRefusal, planned: PlannedImport): InputProblem[] {
  if (refusal.refused.length === 0) return [problem('BAD_USER_INPUT', refusal.message)];
  return refusal.refused.map(({ attribute, title }) => {
    const field = attribute === undefined ? undefined : (INPUT_FIELDS[attribute] ?? attribute);
    const what = field ?? 'the import';
    return problem(
      'BAD_USER_INPUT',
      `Commerce Layer refused ${what}: ${title}${partLabel(planned)}.`,
      field ? [field] : undefined,
    );
  });
}

export interface CreationRun {
  client: CommerceLayerClient;
  journal: CreationJournal;
  mapImport: (resource: Parameters<typeof importFromCommerceLayer>[0]) => Import;
  signal?: AbortSignal;
}

/**
 * Creates the planned imports in order, one `POST /api/imports` each, never sending one twice:
 * a part the journal holds as created is taken from it; a part whose creation may have happened
 * (its answer was lost, now or in an earlier call under the same key) is looked up by its tag
 * first. The first part that fails stops the run, and the outcome says which parts exist.
 */
export async function createPlannedImports(run: CreationRun, plan: PlannedImport[]): Promise<CreateOutcome> {
  const created: Import[] = [];
  for (const planned of plan) {
    const outcome = await createPart(run, planned);
    if ('item' in outcome) {
      created.push(outcome.item);
      continue;
    }
    // A plain vendor failure before anything exists is an error like any other read's.
    if (outcome.failure && !outcome.failure.ambiguous && created.length === 0) throw outcome.failure;
    const problems = [...outcome.problems];
    if (plan.length > 1)
      problems.push(splitSummary(plan, created, planned, run.journal.keyed, problems[0]!.code));
    return { imports: created, problems };
  }
  return { imports: created, problems: [] };
}

type PartOutcome = { item: Import } | { problems: InputProblem[]; failure?: UpstreamError };

async function createPart(run: CreationRun, planned: PlannedImport): Promise<PartOutcome> {
  const { client, journal, signal } = run;
  const known = await journal.part(planned.part);
  if (known?.state === 'created' && known.item) return { item: known.item };
  if (known?.state === 'sending') {
    // An earlier call under this key may have created it: look before sending again.
    const found = await findTagged(client, planned, journal.tag, signal);
    if (found) {
      const item = run.mapImport(found);
      await journal.created(planned.part, item);
      return { item };
    }
  }
  const attributes = {
    ...planned.attributes,
    metadata: {
      ...(planned.attributes.metadata as Record<string, unknown>),
      [TAG_METADATA_KEY]: { tag: journal.tag, part: planned.part },
    },
  };
  await journal.sending(planned.part);
  let body: unknown;
  try {
    body = await client.sendJson(
      'POST',
      '/imports',
      { data: { type: 'imports', attributes } },
      { what: `the creation of an import${partLabel(planned)}`, callerInput: true },
      signal,
    );
  } catch (error) {
    if (!(error instanceof UpstreamError)) throw error;
    if (error.ambiguous) return afterLostAnswer(run, planned, error);
    await journal.clear(planned.part);
    if (error instanceof CommerceLayerRefusal) return { problems: refusalProblems(error, planned) };
    const failed = problem(CODE_OF_FAILURE[error.failure], `${error.message}${partLabel(planned)}`);
    // The gateway's own limiter's estimate, else the vendor's Retry-After (README, Errors).
    const retryAfterSeconds = error.retryAfterSeconds ?? error.upstream.retryAfterSeconds;
    return {
      failure: error,
      problems: [retryAfterSeconds === undefined ? failed : { ...failed, retryAfterSeconds }],
    };
  }
  let item: Import;
  try {
    item = run.mapImport(parseImportDocument(body));
  } catch (error) {
    if (!(error instanceof WireShapeError)) throw error;
    // It was created (201) but the answer cannot be read: find it by its tag instead.
    return afterLostAnswer(
      run,
      planned,
      new UpstreamError(
        'COMMERCE_LAYER',
        'error',
        'Commerce Layer answered the creation with a body that does not match its documented shape.',
      ),
    );
  }
  await journal.created(planned.part, item);
  return { item };
}

/** The vendor may have created the import: look it up once now; if it cannot be found, say so. */
async function afterLostAnswer(
  run: CreationRun,
  planned: PlannedImport,
  error: UpstreamError,
): Promise<PartOutcome> {
  let found;
  try {
    found = await findTagged(run.client, planned, run.journal.tag, run.signal);
  } catch {
    found = undefined;
  }
  if (found) {
    const item = run.mapImport(found);
    await run.journal.created(planned.part, item);
    return { item };
  }
  const next = run.journal.keyed
    ? 'Retry with the same idempotencyKey: the gateway looks for it before creating it again.'
    : `Without an idempotencyKey the gateway cannot check again later: look for an import with metadata.${TAG_METADATA_KEY}.tag "${run.journal.tag}" before creating it again.`;
  return {
    failure: error,
    problems: [
      problem(
        'UPSTREAM_UNAVAILABLE',
        `${error.message} The import${partLabel(planned)} may have been created but could not be found yet. ${next}`,
      ),
    ],
  };
}

function splitSummary(
  plan: PlannedImport[],
  created: Import[],
  failed: PlannedImport,
  keyed: boolean,
  code: ProblemCode,
): InputProblem {
  const exist =
    created.length === 0
      ? 'No part was created'
      : `Parts 1 to ${created.length} of ${plan.length} exist (${created.map((item) => item.providerId).join(', ')})`;
  const retry = keyed
    ? 'Retry with the same idempotencyKey to create only the missing parts.'
    : 'Without an idempotencyKey a retry would create every part again: send only the missing inputs.';
  return problem(code, `${exist}; part ${failed.part} and later were not created. ${retry}`);
}

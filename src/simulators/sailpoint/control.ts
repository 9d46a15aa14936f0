import type { SeededRandom } from '../core/random.ts';
import { SimInputError } from '../core/vendor.ts';
import { CANCELLED_MESSAGE, FAILURE_MESSAGES } from './catalog.ts';
import { generateUpload } from './documents.ts';
import { newJobId } from './ids.ts';
import {
  COMPLETE_MESSAGE,
  isImportJobStatus,
  isTerminal,
  type ImportJob,
  type ImportJobStatus,
} from './job.ts';
import type { ImportJobs } from './jobs.ts';
import { planLifecycle } from './lifecycle.ts';
import { failedImportResults, importResults } from './results.ts';
import { parseExportDocument, parseImportOptions, type ImportUpload } from './upload.ts';

/**
 * `POST /__sim/imports` for SailPoint. Attributes are SpConfigImportJobStatus fields — `jobId`,
 * `status`, `type` (IMPORT only), `message`, `description`, `created`, `modified`, `completed`,
 * `expiration` (ISO instants) — plus what the job was made from, all optional:
 * - `document`: an sp-config export document, as the `data` part of the import,
 * - `options`: ImportOptions, as the `options` part,
 * - `preview`: boolean, as the query flag,
 * - `results`: a SpConfigImportResults served verbatim by the download of a COMPLETE (or FAILED) job.
 * `status` may also be a status the spec does not list (upper-case letters and underscores, e.g.
 * `PAUSED`): the job reports it, runs for nothing and never moves on, so a test can show how the
 * gateway reads a status the vendor might add.
 * Missing fields are generated; a job added NOT_STARTED or IN_PROGRESS moves on from now and ends
 * within five simulated minutes.
 */
const KNOWN = new Set([
  'jobId',
  'status',
  'type',
  'message',
  'description',
  'created',
  'modified',
  'completed',
  'expiration',
  'document',
  'options',
  'preview',
  'results',
]);

export function addJob(
  jobs: ImportJobs,
  random: SeededRandom,
  attributes: Record<string, unknown>,
  now: number,
  importableTypes: readonly string[],
): ImportJob {
  const unknown = Object.keys(attributes).filter((key) => !KNOWN.has(key));
  if (unknown.length > 0) throw new SimInputError(`Unknown SailPoint job attributes: ${unknown.join(', ')}.`);
  const requested = attributes.status ?? 'NOT_STARTED';
  const undocumented = isUndocumentedStatus(requested) ? requested : undefined;
  if (!undocumented && !isImportJobStatus(requested)) {
    throw new SimInputError(
      'status must be one of NOT_STARTED, IN_PROGRESS, COMPLETE, CANCELLED, FAILED, or an undocumented status in upper case (e.g. PAUSED).',
    );
  }
  // An undocumented status is held as a job that runs and never ends.
  const status = undocumented ? 'IN_PROGRESS' : (requested as ImportJobStatus);
  if (attributes.type !== undefined && attributes.type !== 'IMPORT')
    throw new SimInputError('type must be IMPORT.');
  const jobId = attributes.jobId ?? jobs.unusedId(random);
  if (typeof jobId !== 'string' || jobId.length === 0)
    throw new SimInputError('jobId must be a non-empty string.');
  if (jobs.has(jobId)) throw new SimInputError(`A job with jobId ${jobId} already exists.`);

  const terminal = isTerminal(status);
  const runMs = random.int(1_500, 40_000);
  const created = instant(attributes.created, 'created') ?? (terminal ? now - runMs : now);
  const upload = uploadFrom(attributes, random, created);
  const backup = !upload.preview && !upload.options.excludeBackup ? newJobId(random) : undefined;
  const job = jobs.newJob(jobId, upload, created, backup);
  job.status = status;
  job.expiration = instant(attributes.expiration, 'expiration') ?? job.expiration;
  job.description = optionalText(attributes.description, 'description') ?? null;

  const given = {
    completed: instant(attributes.completed, 'completed'),
    modified: instant(attributes.modified, 'modified'),
  };
  if (terminal) {
    // A generated completion time never lies in the future.
    job.completed = given.completed ?? given.modified ?? Math.max(created, Math.min(created + runMs, now));
    job.modified = given.modified ?? job.completed;
    job.message = {
      COMPLETE: COMPLETE_MESSAGE,
      FAILED: random.pick(FAILURE_MESSAGES),
      CANCELLED: CANCELLED_MESSAGE,
    }[status];
  } else {
    if (given.completed !== undefined) throw new SimInputError(`A ${status} job has no completed time.`);
    job.modified =
      given.modified ??
      (status === 'IN_PROGRESS' ? Math.min(now, created + random.int(200, 2_500)) : created);
    if (job.modified > now)
      throw new SimInputError(`A ${status} job cannot have been created or modified in the future.`);
  }
  if (job.modified < job.created) throw new SimInputError('modified must not be before created.');
  if (job.completed !== null && job.completed < job.created)
    throw new SimInputError('completed must not be before created.');
  const message = optionalText(attributes.message, 'message');
  if (message !== undefined && !terminal) throw new SimInputError(`A ${status} job has no message yet.`);
  if (message !== undefined) job.message = message;
  job.results = resultsFrom(attributes.results);
  if (status === 'COMPLETE') job.results ??= importResults(upload, importableTypes, backup);
  if (status === 'FAILED') job.results ??= failedImportResults(upload, job.message ?? '', backup);

  // A queued or running job carries on from now, so it ends within five simulated minutes.
  const plan = terminal || undocumented ? undefined : planLifecycle(random, now, upload, FAILURE_MESSAGES);
  if (plan && status === 'IN_PROGRESS') plan.startsAt = undefined;
  if (undocumented) job.undocumentedStatus = undocumented;
  jobs.track(job, plan);
  return job;
}

/** Upper-case words joined by underscores, as the spec's statuses are, but none of them. */
function isUndocumentedStatus(value: unknown): value is string {
  return typeof value === 'string' && /^[A-Z][A-Z_]{0,39}$/.test(value) && !isImportJobStatus(value);
}

function uploadFrom(
  attributes: Record<string, unknown>,
  random: SeededRandom,
  created: number,
): ImportUpload {
  const generated = generateUpload(random, created - random.int(1, 120) * 60_000);
  let document = generated.document;
  if (attributes.document !== undefined) {
    const parsed = parseExportDocument(attributes.document);
    if (!parsed.ok) throw new SimInputError(`document: ${parsed.reason}`);
    document = parsed.value;
  }
  let options = generated.options;
  if (attributes.options !== undefined) {
    const parsed = parseImportOptions(attributes.options);
    if (!parsed.ok) throw new SimInputError(parsed.reason);
    options = parsed.value;
  }
  const { preview } = attributes;
  if (preview !== undefined && typeof preview !== 'boolean')
    throw new SimInputError('preview must be true or false.');
  return { document, options, preview: preview ?? generated.preview };
}

function resultsFrom(value: unknown): ImportJob['results'] {
  if (value === undefined) return undefined;
  const results: unknown =
    typeof value === 'object' && value !== null ? (value as { results?: unknown }).results : undefined;
  if (typeof results !== 'object' || results === null || Array.isArray(results)) {
    throw new SimInputError(
      'results must be a SpConfigImportResults object: {"results": {...}, "exportJobId"?}.',
    );
  }
  return value as ImportJob['results'];
}

function instant(value: unknown, field: string): number | undefined {
  if (value === undefined || value === null) return undefined;
  const parsed = typeof value === 'string' ? Date.parse(value) : NaN;
  if (Number.isNaN(parsed))
    throw new SimInputError(`${field} must be an ISO-8601 instant, not ${JSON.stringify(value)}.`);
  return parsed;
}

function optionalText(value: unknown, field: string): string | null | undefined {
  if (value === undefined || value === null) return value;
  if (typeof value !== 'string') throw new SimInputError(`${field} must be a string or null.`);
  return value;
}

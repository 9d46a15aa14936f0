import type { TokenGrant } from '../http/access-tokens.ts';

/**
 * SailPoint ISC sp-config shapes as the vendor sends them (sp-config-import.v2025.openapi.yaml,
 * oauth-token.openapi.yaml), and the checks that a body really has that shape. Nothing past this
 * folder sees these types.
 */

/** SpConfigImportJobStatus, the body of `GET /{version}/sp-config/import/{id}` [S]. */
export interface SpConfigImportJobStatus {
  jobId: string;
  /** NOT_STARTED | IN_PROGRESS | COMPLETE | CANCELLED | FAILED [S]; kept as a string so a new one passes. */
  status: string;
  /** "IMPORT" on this endpoint [S]. */
  type?: string;
  /** Overall message once the job ended, e.g. "Download import results for details." [S]. */
  message?: string | null;
  /** ISO-8601 instants; `expiration` is when status and results stop being available [S]. */
  expiration?: string;
  created: string;
  modified: string;
  completed?: string | null;
}

/** SpConfigMessage: `details` is required by the schema, the vendor's example shows `detail: null` [S]. */
export interface SpConfigMessage {
  key?: string;
  text?: string;
}

/** ObjectImportResult: all four arrays are required [S]. */
export interface ObjectImportResult {
  infos: SpConfigMessage[];
  warnings: SpConfigMessage[];
  errors: SpConfigMessage[];
  importedObjects: { type?: string; id?: string; name?: string }[];
}

/** SpConfigImportResults, the body of `GET …/import/{id}/download`; keys are object types [S]. */
export interface SpConfigImportResults {
  results: Record<string, ObjectImportResult>;
  exportJobId?: string;
}

/** The part of the `/oauth/token` answer the gateway uses [S]. */
export type { TokenGrant };

/** A body that does not have the documented shape; the reason names the first field that is wrong. */
export class WireShapeError extends Error {}

type Fields = Record<string, unknown>;

function object(value: unknown, what: string): Fields {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new WireShapeError(`${what} is not a JSON object`);
  }
  return value as Fields;
}

function text(fields: Fields, name: string): string {
  const value = fields[name];
  if (typeof value !== 'string' || value.length === 0)
    throw new WireShapeError(`\`${name}\` is missing or not a string`);
  return value;
}

function instant(fields: Fields, name: string, optional: boolean): string | undefined {
  const value = fields[name];
  if (optional && (value === undefined || value === null)) return undefined;
  if (typeof value !== 'string' || Number.isNaN(Date.parse(value))) {
    throw new WireShapeError(`\`${name}\` is ${value === undefined ? 'missing' : 'not an ISO-8601 instant'}`);
  }
  return value;
}

function optionalText(fields: Fields, name: string): string | undefined {
  const value = fields[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw new WireShapeError(`\`${name}\` is not a string`);
  return value;
}

export function parseJobStatus(value: unknown): SpConfigImportJobStatus {
  const fields = object(value, 'the job status');
  const job: SpConfigImportJobStatus = {
    jobId: text(fields, 'jobId'),
    status: text(fields, 'status'),
    created: instant(fields, 'created', false)!,
    modified: instant(fields, 'modified', false)!,
  };
  const type = optionalText(fields, 'type');
  if (type !== undefined) job.type = type;
  const message = optionalText(fields, 'message');
  if (message !== undefined) job.message = message;
  const expiration = instant(fields, 'expiration', true);
  if (expiration !== undefined) job.expiration = expiration;
  const completed = instant(fields, 'completed', true);
  if (completed !== undefined) job.completed = completed;
  return job;
}

const RESULT_LISTS = ['infos', 'warnings', 'errors', 'importedObjects'] as const;

export function parseImportResults(value: unknown): SpConfigImportResults {
  const fields = object(value, 'the import results');
  const perType = object(fields.results, '`results`');
  const results: Record<string, ObjectImportResult> = {};
  for (const [type, entry] of Object.entries(perType)) {
    const lists = object(entry, `\`results.${type}\``);
    for (const list of RESULT_LISTS) {
      const items = lists[list];
      if (!Array.isArray(items) || items.some((item) => typeof item !== 'object' || item === null)) {
        throw new WireShapeError(`\`results.${type}.${list}\` is missing or not a list of objects`);
      }
    }
    results[type] = lists as unknown as ObjectImportResult;
  }
  const exportJobId = optionalText(fields, 'exportJobId');
  return exportJobId === undefined ? { results } : { results, exportJobId };
}

export function parseTokenGrant(value: unknown): TokenGrant {
  const fields = object(value, 'the token answer');
  const accessToken = text(fields, 'access_token');
  const expiresIn = fields.expires_in;
  if (typeof expiresIn !== 'number' || !Number.isFinite(expiresIn) || expiresIn <= 0) {
    throw new WireShapeError('`expires_in` is missing or not a positive number');
  }
  return { accessToken, expiresInSeconds: expiresIn };
}

import type { ImportJob } from './job.ts';

/**
 * Writes an instant the way the spec's status example does: `2021-05-13T16:42:40.71Z`, i.e. the
 * fraction without trailing zeros and no fraction at all on a whole second (`expiration`) [S].
 */
export function formatInstant(epochMs: number): string {
  return new Date(epochMs).toISOString().replace(/\.?0+Z$/, 'Z');
}

/** SpConfigImportJobStatus, the body of `GET …/import/{id}` (and of the 202 on create). */
export function jobStatusBody(job: ImportJob, unsetFields: 'omit' | 'null'): Record<string, unknown> {
  const body: Record<string, unknown> = {
    jobId: job.jobId,
    status: job.undocumentedStatus ?? job.status,
    type: 'IMPORT',
  };
  if (job.message !== null || unsetFields === 'null') body.message = job.message;
  body.description = job.description;
  body.expiration = formatInstant(job.expiration);
  body.created = formatInstant(job.created);
  body.modified = formatInstant(job.modified);
  if (job.completed !== null) body.completed = formatInstant(job.completed);
  else if (unsetFields === 'null') body.completed = null;
  return body;
}

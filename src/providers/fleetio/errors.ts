import { STATUS_CODES } from 'node:http';
import { retryAfterSeconds, type UpstreamResponse } from '../http/upstream-client.ts';
import { UpstreamError, type UpstreamDetails } from '../http/upstream-error.ts';

/** What the request was for, since the same status means different things to different calls. */
export interface ErrorContext {
  /** A lookup of one resource by id: 404 is NOT_FOUND, not a broken set-up. */
  lookup?: boolean;
}

/** Query parameters that carry a caller's value; any other refused parameter is the gateway's own doing. */
const CALLER_PARAMETER = /^filter\[/;

function parsedBody(response: UpstreamResponse): unknown {
  // Legacy 401 bodies are plain text (`HTTP Token: Access denied`) and 403 may be empty [D]: not garbage.
  try {
    return JSON.parse(response.body.toString('utf8')) as unknown;
  } catch {
    return undefined;
  }
}

/** RFC 7807 `title`, the only part of a problem body that reaches clients (README, Errors). */
function problemTitle(body: unknown): string | undefined {
  const title = (body as { title?: unknown } | undefined)?.title;
  return typeof title === 'string' && title.trim() !== '' ? title.trim().slice(0, 200) : undefined;
}

/** Field names of a `{errors: {field: [messages]}}` body (400 and 422 [B][D]). */
function refusedFields(body: unknown): string[] {
  const errors = (body as { errors?: unknown } | undefined)?.errors;
  return typeof errors === 'object' && errors !== null && !Array.isArray(errors) ? Object.keys(errors) : [];
}

/**
 * Fleetio's error answers (specs/VENDOR-REFERENCE.md §1, Errors) as UpstreamError. Only the status,
 * the RFC 7807 title and Retry-After are kept; detail, instance and validation messages stay
 * behind, since they may echo what the gateway sent.
 */
export function fleetioError(response: UpstreamResponse, context: ErrorContext = {}): UpstreamError {
  const { status } = response;
  const body = parsedBody(response);
  const upstream: UpstreamDetails = { status };
  const title = problemTitle(body);
  if (title) upstream.title = title;
  const retryAfter = retryAfterSeconds(response.headers);
  if (retryAfter !== undefined) upstream.retryAfterSeconds = retryAfter;
  const said = `Fleetio answered ${status} (${title ?? STATUS_CODES[status] ?? 'error'})`;
  const fail = (failure: UpstreamError['failure'], message: string) =>
    new UpstreamError('FLEETIO', failure, message, upstream);

  if (status === 429) {
    const wait = retryAfter === undefined ? '' : `; retry after ${retryAfter} s`;
    return fail('rate-limited', `${said}: too many requests for this account token${wait}.`);
  }
  if (status >= 500) return fail('unavailable', `${said}.`);
  if (status === 401) return fail('error', `${said}: check FLEETIO_API_KEY and FLEETIO_ACCOUNT_TOKEN.`);
  if (status === 403) {
    return fail(
      'error',
      `${said}: the API key's user must be an admin or the account owner to read imports.`,
    );
  }
  if (status === 404) {
    return context.lookup
      ? fail('not-found', `${said}: Fleetio has no such import.`)
      : fail('error', `${said}: check FLEETIO_BASE_URL (it includes /api).`);
  }
  if (status === 400 || status === 422) {
    const fields = refusedFields(body);
    // A caller's filter value Fleetio will not take is the caller's to fix; a refused cursor, page
    // size, sort or API version is a gateway bug or a set-up problem, not the caller's.
    if (fields.length > 0 && fields.every((field) => CALLER_PARAMETER.test(field))) {
      return fail('invalid-request', `${said}: Fleetio refused the value of ${fields.join(', ')}.`);
    }
    const which = fields.length > 0 ? ` (${fields.join(', ')})` : '';
    return fail('error', `${said}: Fleetio refused the gateway's request${which}.`);
  }
  return fail('error', `${said}.`);
}

/** IMF-fixdate, RFC 850 and asctime all name a weekday or month; a bare number never is a date. */
const LOOKS_LIKE_DATE = /[a-z]{3}/i;

/**
 * The longest wait a header is taken at: a day. Anything longer is as good as "not soon", and a
 * huge delta-seconds must not become a wait no timer can hold.
 */
export const MAX_RETRY_AFTER_MS = 86_400_000;

/**
 * The wait a `Retry-After` header asks for, in milliseconds (RFC 9110 §10.2.3): delta-seconds (a
 * whole number) or an HTTP date, clamped to [0, MAX_RETRY_AFTER_MS]: a date in the past means
 * "now". Anything else (`1.5`, `-3`, `10s`, `soon`) is undefined, as if the header were absent,
 * rather than a date `Date.parse` happens to make of it. The one parser of the header: the retry
 * policy waits by it, and the vendors' errors report it (`retryAfterSeconds`).
 */
export function retryAfterMs(
  header: string | string[] | undefined,
  now: number = Date.now(),
): number | undefined {
  const value = (Array.isArray(header) ? header[0] : header)?.trim();
  if (!value) return undefined;
  if (/^\d+$/.test(value)) return Math.min(MAX_RETRY_AFTER_MS, Number(value) * 1000);
  if (!LOOKS_LIKE_DATE.test(value)) return undefined;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.min(MAX_RETRY_AFTER_MS, Math.max(0, date - now));
}

/** The same wait in whole seconds, rounded up (a client told 0 s for 400 ms would come back early). */
export function retryAfterSeconds(
  header: string | string[] | undefined,
  now: number = Date.now(),
): number | undefined {
  const ms = retryAfterMs(header, now);
  return ms === undefined ? undefined : Math.ceil(ms / 1000);
}

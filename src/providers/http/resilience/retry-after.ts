/** IMF-fixdate, RFC 850 and asctime all name a weekday or month; a bare number never is a date. */
const LOOKS_LIKE_DATE = /[a-z]{3}/i;

/**
 * The wait a `Retry-After` header asks for, in milliseconds (RFC 9110 §10.2.3): delta-seconds or
 * an HTTP date. A date in the past means "now" (0); anything else unreadable is undefined, as if
 * the header were absent.
 */
export function retryAfterMs(
  header: string | string[] | undefined,
  now: number = Date.now(),
): number | undefined {
  const value = (Array.isArray(header) ? header[0] : header)?.trim();
  if (!value) return undefined;
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  if (!LOOKS_LIKE_DATE.test(value)) return undefined;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

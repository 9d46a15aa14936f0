import type { UpstreamRequest } from '../upstream-message.ts';
import { credentialKey } from './credential-key.ts';

/**
 * Names a GET for the single flight: same method, URL and headers (credentials included), same
 * answer, so one request may serve every caller that names it alike.
 *
 * Why it is safe:
 * - Two credentials never share a flight: the headers' text goes whole into a SHA-256 digest
 *   (`credentialKey`), so requests whose headers differ in any byte, the credential's included,
 *   get different keys. Headers written in another order get another key too, which only costs
 *   a share, never mixes callers.
 * - The flight map, and anything that could print its keys, holds only that digest, never a
 *   credential in clear, as when every request was hashed.
 * - What is remembered to hash once instead of per request is the text of the last headers seen,
 *   in a private field (`#`, which neither `JSON.stringify` nor `util.inspect` shows): the same
 *   credential the adaptor keeps in its settings or token cache and sends with every request. One
 *   text, replaced when the headers change (a renewed token), so no former token is kept.
 *
 * Per vendor client, nearly every GET carries the same headers, so SHA-256 runs once per token
 * instead of once per request (1.8 % of a page's CPU; bench/NOTES.md, round two).
 */
export class FlightKeys {
  #last: { headers: string; digest: string } | undefined;

  keyOf(request: UpstreamRequest): string {
    const headers = JSON.stringify(request.headers ?? {});
    let last = this.#last;
    if (last?.headers !== headers) {
      last = { headers, digest: credentialKey(headers) };
      this.#last = last;
    }
    return `${request.method} ${request.url} ${last.digest}`;
  }
}

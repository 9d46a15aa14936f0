import { timingSafeEqual } from 'node:crypto';
import type { Import, ImportProvider } from '../imports/model.ts';
import type { ImportReference } from '../imports/import-source.ts';

/** Request headers as node:http gives them: names in lower case. */
export type WebhookHeaders = Readonly<Record<string, string | string[] | undefined>>;

/**
 * What one vendor webhook delivery says, read by the vendor's own adaptor (signature scheme and
 * body shape are wire format, so they stay in the vendor folder):
 * - `unauthorized`: no signature, or one that does not match the raw body (401, nothing published)
 * - `malformed`: signed, but not a body the vendor documents (400)
 * - `ignored`: a topic the gateway does not follow (2xx, so the vendor does not retry it)
 * - `state`: the delivery carries the import's whole state (Commerce Layer sends the resource)
 * - `deleted`: the import is gone; `item` is its state at deletion
 * - `changed`: something happened but the body lacks the import's fields (Fleetio's
 *   `import_completed`): the gateway reads the import again through `ImportSource.get`
 */
export type WebhookReading =
  | { result: 'unauthorized'; reason: string }
  | { result: 'malformed'; reason: string }
  | { result: 'ignored'; reason: string }
  | { result: 'state'; item: Import }
  | { result: 'deleted'; item: Import }
  | { result: 'changed'; reference: ImportReference };

/** One vendor's webhook intake, configured with its shared secret. */
export interface WebhookReceiver {
  readonly provider: ImportProvider;
  read(headers: WebhookHeaders, rawBody: Buffer): WebhookReading;
}

export function headerValue(headers: WebhookHeaders, name: string): string | undefined {
  const value = headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}

/** Constant-time comparison of a received signature with the expected digest (both raw bytes). */
export function signatureMatches(expected: Buffer, received: Buffer): boolean {
  return expected.length === received.length && timingSafeEqual(expected, received);
}

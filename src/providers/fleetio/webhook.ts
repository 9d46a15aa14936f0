import { createHmac } from 'node:crypto';
import {
  headerValue,
  signatureMatches,
  type WebhookHeaders,
  type WebhookReading,
  type WebhookReceiver,
} from '../webhook-receiver.ts';
import { FLEETIO_IMPORT_IDS } from './ids.ts';

/** the README fixes this default; FLEETIO_WEBHOOK_SIGNATURE_HEADER overrides it. */
export const DEFAULT_FLEETIO_SIGNATURE_HEADER = 'X-Fleetio-Webhook-Signature';

const HEX_SHA256 = /^[0-9a-fA-F]{64}$/;

/**
 * Fleetio webhooks: an envelope `{ id, event, timestamp, triggered_by, payload }` (webhooks page
 * [D]); for imports only `import_completed`, once per run, whose payload holds the import's id,
 * type and `state` but no counts or times. So the gateway reads the import again by id. Fleetio
 * does not document its signing: the header carries the hex HMAC-SHA256 of the raw body, and its
 * name is configurable.
 */
export class FleetioWebhookReceiver implements WebhookReceiver {
  readonly provider = 'FLEETIO' as const;

  constructor(
    private readonly secret: string,
    private readonly signatureHeader: string = DEFAULT_FLEETIO_SIGNATURE_HEADER,
  ) {}

  read(headers: WebhookHeaders, rawBody: Buffer): WebhookReading {
    const signature = headerValue(headers, this.signatureHeader)?.trim();
    if (!signature) return { result: 'unauthorized', reason: `${this.signatureHeader} is missing.` };
    const expected = createHmac('sha256', this.secret).update(rawBody).digest();
    if (!HEX_SHA256.test(signature) || !signatureMatches(expected, Buffer.from(signature, 'hex')))
      return { result: 'unauthorized', reason: `${this.signatureHeader} does not match the body.` };

    let envelope: unknown;
    try {
      envelope = JSON.parse(rawBody.toString('utf8'));
    } catch {
      return { result: 'malformed', reason: 'The body is not JSON.' };
    }
    if (typeof envelope !== 'object' || envelope === null || Array.isArray(envelope))
      return { result: 'malformed', reason: 'The body is not a webhook envelope.' };
    const { event, payload } = envelope as { event?: unknown; payload?: unknown };
    if (typeof event !== 'string') return { result: 'malformed', reason: 'event is missing.' };
    if (event !== 'import_completed')
      return { result: 'ignored', reason: `event "${event.slice(0, 60)}" is not about imports` };
    const id = (payload as { id?: unknown } | null | undefined)?.id;
    if (
      !(typeof id === 'number' && Number.isSafeInteger(id) && id > 0) &&
      !(typeof id === 'string' && FLEETIO_IMPORT_IDS.accepts(id))
    )
      return { result: 'malformed', reason: 'payload.id is not an import id.' };
    return { result: 'changed', reference: { providerId: String(id) } };
  }
}

import { createHmac } from 'node:crypto';
import {
  headerValue,
  signatureMatches,
  type WebhookHeaders,
  type WebhookReading,
  type WebhookReceiver,
} from '../webhook-receiver.ts';
import { hasEntries, importFromCommerceLayer, needsErrorsLog } from './map.ts';
import { instantMs, parseImportResource, WireShapeError } from './wire.ts';

const SIGNATURE_HEADER = 'x-commercelayer-signature';
const TOPIC_HEADER = 'x-commercelayer-topic';
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/**
 * Commerce Layer's real-time webhooks (specs/VENDOR-REFERENCE.md §3): the body is the resource as the
 * REST API returns it (`{ data: … }`), `X-CommerceLayer-Signature` the base64 HMAC-SHA256 of the
 * raw body with the webhook's shared secret, `X-CommerceLayer-Topic` e.g. `imports.complete`.
 * Every import topic carries the whole resource, so its state is taken as it is, counts null or
 * not (a 400 would count as a failed delivery, and the vendor disables a hook after 30), except an
 * `interrupted` one: whether the gateway interrupted it is in the gateway's store, so it is read
 * again through the source, which maps it as polls and lookups do. `imports.destroy` announces a
 * deletion.
 */
export class CommerceLayerWebhookReceiver implements WebhookReceiver {
  readonly provider = 'COMMERCE_LAYER' as const;

  constructor(private readonly secret: string) {}

  read(headers: WebhookHeaders, rawBody: Buffer): WebhookReading {
    const signature = headerValue(headers, SIGNATURE_HEADER)?.trim();
    if (!signature) return { result: 'unauthorized', reason: 'X-CommerceLayer-Signature is missing.' };
    const expected = createHmac('sha256', this.secret).update(rawBody).digest();
    if (!BASE64.test(signature) || !signatureMatches(expected, Buffer.from(signature, 'base64')))
      return { result: 'unauthorized', reason: 'X-CommerceLayer-Signature does not match the body.' };

    const topic = headerValue(headers, TOPIC_HEADER)?.trim() ?? '';
    if (!topic.startsWith('imports.'))
      return { result: 'ignored', reason: `topic "${topic.slice(0, 60)}" is not about imports` };
    let document: unknown;
    try {
      document = JSON.parse(rawBody.toString('utf8'));
    } catch {
      return { result: 'malformed', reason: 'The body is not JSON.' };
    }
    try {
      const data = (document as { data?: unknown } | null)?.data;
      const resource = parseImportResource(data);
      const errorsLog = (data as { attributes: Record<string, unknown> }).attributes.errors_log;
      if (topic === 'imports.destroy') return { result: 'deleted', item: importFromCommerceLayer(resource) };
      // Only the gateway's store knows whether it interrupted the import (CANCELLED), and a null
      // errors_count needs the log when the body lacks it: the import is read again, as on a poll.
      if (
        resource.attributes.status === 'interrupted' ||
        (needsErrorsLog(resource.attributes) && errorsLog === undefined)
      )
        return {
          result: 'changed',
          reference: { providerId: resource.id, createdAt: instantMs(resource.attributes.created_at) },
        };
      return {
        result: 'state',
        item: importFromCommerceLayer(resource, { errorsLogged: hasEntries(errorsLog) }),
      };
    } catch (error) {
      if (error instanceof WireShapeError) return { result: 'malformed', reason: error.message };
      throw error;
    }
  }
}

import { createHmac } from 'node:crypto';
import type { WebhookSender } from '../core/webhooks.ts';

/** Import topics of the vendor's real-time webhooks (docs, 2021 list). */
export type ImportTopic =
  'imports.create' | 'imports.start' | 'imports.complete' | 'imports.interrupt' | 'imports.destroy';

/**
 * Sends one webhook: the body is the resource as the REST API returns it (`{ data: … }`),
 * `X-CommerceLayer-Signature` the base64 HMAC-SHA256 of the raw body with the shared secret and
 * `X-CommerceLayer-Topic` the topic (sdk-utils `webhooks.signature`: sha256, base64).
 * The body is built at once (only when a receiver is set), so later changes do not leak into it.
 */
export function sendImportWebhook(sender: WebhookSender, topic: ImportTopic, resource: () => unknown): void {
  sender.send((target) => {
    const body = JSON.stringify({ data: resource() });
    return {
      body,
      headers: {
        'X-CommerceLayer-Signature': createHmac('sha256', target.secret).update(body).digest('base64'),
        'X-CommerceLayer-Topic': topic,
      },
    };
  });
}

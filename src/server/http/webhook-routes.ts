import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ImportProvider } from '../../imports/model.ts';
import type { WebhookIntake } from '../../live/webhook-intake.ts';
import { BodyTooLargeError, readBody } from './http-body.ts';

type Route = (request: IncomingMessage, response: ServerResponse) => Promise<void>;

/**
 * Vendors' webhook payloads name one resource and are a few kilobytes; anyone can POST here
 * before the signature is checked, so a body is held up to this much only (else 413).
 */
export const MAX_WEBHOOK_BODY_BYTES = 1024 * 1024;

function answer(
  response: ServerResponse,
  { status, message, headers = {} }: { status: number; message: string; headers?: Record<string, string> },
) {
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
  response.end(JSON.stringify({ message }));
}

/**
 * `POST /webhooks/<vendor>` for each path of `paths` (src/providers/webhook-catalog.ts:
 * `/webhooks/commercelayer`, `/webhooks/fleetio`). The raw bytes go to the vendor's receiver, since
 * the signature covers the body exactly as sent: it is never parsed and re-serialized first.
 */
export function webhookRoutes(
  intake: WebhookIntake,
  maxBodyBytes: number,
  paths: Readonly<Record<string, ImportProvider>>,
): Record<string, Route> {
  const limit = Math.min(maxBodyBytes, MAX_WEBHOOK_BODY_BYTES);
  const route =
    (provider: ImportProvider): Route =>
    async (request, response) => {
      if (request.method !== 'POST')
        return answer(response, { status: 405, message: 'Webhooks are POSTed.', headers: { allow: 'POST' } });
      let body: Buffer;
      try {
        body = await readBody(request, limit);
      } catch (error) {
        if (error instanceof BodyTooLargeError)
          return answer(response, { status: 413, message: `The body is larger than ${limit} bytes.` });
        throw error;
      }
      const result = await intake.receive(provider, request.headers, body);
      answer(response, result);
    };
  return Object.fromEntries(Object.entries(paths).map(([path, provider]) => [path, route(provider)]));
}

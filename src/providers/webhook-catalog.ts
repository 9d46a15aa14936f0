import type { GatewayConfig } from '../config.ts';
import type { ImportProvider } from '../imports/model.ts';
import { CommerceLayerWebhookReceiver } from './commercelayer/webhook.ts';
import { FleetioWebhookReceiver } from './fleetio/webhook.ts';
import type { WebhookReceiver } from './webhook-receiver.ts';

/**
 * The vendors that send import webhooks, one line each: a receiver when the vendor is enabled
 * and its webhook secret is set. SailPoint sends none [S].
 */
const RECEIVER_FACTORIES: Partial<
  Record<ImportProvider, (config: GatewayConfig) => WebhookReceiver | undefined>
> = {
  FLEETIO: ({ fleetio }) =>
    fleetio?.webhookSecret
      ? new FleetioWebhookReceiver(fleetio.webhookSecret, fleetio.webhookSignatureHeader)
      : undefined,
  COMMERCE_LAYER: ({ commerceLayer }) =>
    commerceLayer?.webhookSecret ? new CommerceLayerWebhookReceiver(commerceLayer.webhookSecret) : undefined,
};

export function createWebhookReceivers(config: GatewayConfig): WebhookReceiver[] {
  return Object.values(RECEIVER_FACTORIES).flatMap((create) => create(config) ?? []);
}

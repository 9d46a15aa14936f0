import type { GatewayConfig } from '../config.ts';
import type { ImportProvider } from '../imports/model.ts';
import { vendorSettings } from './vendor-settings.ts';
import type { VendorModule } from './vendor-module.ts';
import type { WebhookReceiver } from './webhook-receiver.ts';
import { VENDORS } from './vendors.ts';

/** Where each vendor that sends import webhooks is served: `POST /webhooks/<path>`. */
export function webhookPaths(vendors: readonly VendorModule[] = VENDORS): Record<string, ImportProvider> {
  return Object.fromEntries(
    vendors.flatMap((vendor) =>
      vendor.webhook ? [[`/webhooks/${vendor.webhook.path}`, vendor.provider]] : [],
    ),
  );
}

/** A receiver for each enabled vendor that sends webhooks and whose webhook secret is set. */
export function createWebhookReceivers(
  config: GatewayConfig,
  vendors: readonly VendorModule[] = VENDORS,
): WebhookReceiver[] {
  return vendors.flatMap((vendor) => {
    const settings = vendorSettings(config, vendor);
    return (settings !== undefined && vendor.webhook?.createReceiver({ settings })) || [];
  });
}

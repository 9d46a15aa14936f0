import type { VendorModule } from '../vendor-module.ts';
import { fleetioSettings, type FleetioSettings } from './settings.ts';
import { createFleetioSource } from './source.ts';
import { FleetioWebhookReceiver } from './webhook.ts';

/** Fleetio: lists its imports itself, has no import API, and sends webhooks (specs/VENDOR-REFERENCE.md §1). */
export const fleetioVendor = {
  provider: 'FLEETIO',
  label: 'Fleetio',
  settings: fleetioSettings,
  createSource: ({ settings, log, upstream }) => createFleetioSource(settings, { log, ...upstream }),
  webhook: {
    path: 'fleetio',
    createReceiver: ({ settings }) =>
      settings.webhookSecret
        ? new FleetioWebhookReceiver(settings.webhookSecret, settings.webhookSignatureHeader)
        : undefined,
  },
  demo: {
    simulator: 'fleetio',
    settings: ({ url, webhookSecret }) => ({
      baseUrl: `${url}/api`,
      // The credentials the simulator accepts (README, Simulators).
      apiKey: 'sim-fleetio-key',
      accountToken: 'sim-fleetio-account',
      webhookSecret,
    }),
  },
} satisfies VendorModule<FleetioSettings>;

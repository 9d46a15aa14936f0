import type { VendorModule } from '../vendor-module.ts';
import { commerceLayerSettings, type CommerceLayerSettings } from './settings.ts';
import { createCommerceLayerSource } from './source.ts';
import { CommerceLayerWebhookReceiver } from './webhook.ts';

/** Commerce Layer: lists, creates, interrupts and deletes imports, and sends webhooks (specs/VENDOR-REFERENCE.md §3). */
export const commerceLayerVendor = {
  provider: 'COMMERCE_LAYER',
  label: 'Commerce Layer',
  settings: commerceLayerSettings,
  createSource: ({ settings, store, log, upstream, foreignFields }) =>
    createCommerceLayerSource(settings, { log, store, upstream, foreignFields }),
  webhook: {
    path: 'commercelayer',
    createReceiver: ({ settings }) =>
      settings.webhookSecret ? new CommerceLayerWebhookReceiver(settings.webhookSecret) : undefined,
  },
  createFields: [
    'resourceType',
    'format',
    'inputs',
    'parentResourceId',
    'skipErrors',
    'reference',
    'referenceOrigin',
    'metadata',
  ],
  demo: {
    simulator: 'commercelayer',
    settings: ({ url, webhookSecret }) => ({
      baseUrl: url,
      authUrl: url,
      // The credentials the simulator accepts (README, Simulators).
      clientId: 'sim-cl-client',
      clientSecret: 'sim-cl-secret',
      webhookSecret,
    }),
  },
} satisfies VendorModule<CommerceLayerSettings>;

import type { VendorModule } from '../vendor-module.ts';
import { registerSailpointJobs } from './registration.ts';
import { sailpointSettings, type SailpointSettings } from './settings.ts';
import { createSailpointSource } from './source.ts';

/**
 * SailPoint ISC: creates and tracks sp-config import jobs, cannot list them (the registry does)
 * and sends no webhooks (specs/VENDOR-REFERENCE.md §2).
 */
export const sailpointVendor = {
  provider: 'SAILPOINT',
  label: 'SailPoint',
  settings: sailpointSettings,
  createSource: ({ settings, store, log, upstream, foreignFields }) =>
    createSailpointSource(settings, { store, log, upstream, foreignFields }),
  createFields: ['document', 'options', 'preview'],
  demo: {
    simulator: 'sailpoint',
    settings: ({ url }) => ({
      baseUrl: url,
      apiVersion: 'v2025',
      // The credentials the simulator accepts (README, Simulators).
      clientId: 'sim-sailpoint-client',
      clientSecret: 'sim-sailpoint-secret',
    }),
    // SailPoint cannot list its jobs: the demo registers the simulator's seeded ones.
    seed: {
      controlPath: '/__sim/imports',
      register: ({ store, listed, now }) =>
        registerSailpointJobs(store, Array.isArray(listed) ? (listed as unknown[]) : [], now),
    },
  },
} satisfies VendorModule<SailpointSettings>;

import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { GatewayConfig } from './config.ts';
import { registerSailpointJobs } from './providers/sailpoint/registration.ts';
import { controlSimulator } from './simulators/control-client.ts';
import { startSimulators, type SimulatorSet } from './simulators/index.ts';
import type { ImportStore } from './imports/import-store.ts';

/** Default credentials the simulators accept (README, Simulators). */
const SIMULATOR_CREDENTIALS = {
  fleetio: { apiKey: 'sim-fleetio-key', accountToken: 'sim-fleetio-account' },
  sailpoint: { clientId: 'sim-sailpoint-client', clientSecret: 'sim-sailpoint-secret' },
  commerceLayer: { clientId: 'sim-cl-client', clientSecret: 'sim-cl-secret' },
};

export interface Demo {
  config: GatewayConfig;
  simulators: SimulatorSet;
  /** Seeds the store with the simulated SailPoint jobs, which no vendor call can list. */
  register(store: ImportStore): Promise<number>;
  /** Points the Commerce Layer and Fleetio simulators' webhooks at the gateway, signed with the demo's secrets. */
  connectWebhooks(gatewayUrl: string): Promise<void>;
  close(): Promise<void>;
}

/**
 * Demo mode: the three simulators in this process on a real clock, a fresh temporary store, and a
 * configuration pointing the gateway at them. Nothing here needs a network or a database, and
 * nothing reaches one: REDIS_URL and DATA_DIR are ignored, so simulated jobs and events never land
 * in a store that real instances share.
 */
export async function startDemo(base: GatewayConfig): Promise<Demo> {
  const simulators = await startSimulators({ clock: 'real', seed: 1, imports: 60, quiet: true });
  const dataDir = mkdtempSync(join(tmpdir(), 'import-gateway-demo-'));
  // Fresh secrets per run: the simulators sign with them, the gateway verifies with them.
  const webhookSecrets = {
    fleetio: randomBytes(24).toString('base64url'),
    commercelayer: randomBytes(24).toString('base64url'),
  };
  const config: GatewayConfig = {
    ...base,
    dataDir,
    redisUrl: undefined,
    fleetio: {
      baseUrl: `${simulators.fleetio.url}/api`,
      ...SIMULATOR_CREDENTIALS.fleetio,
      webhookSecret: webhookSecrets.fleetio,
    },
    sailpoint: { baseUrl: simulators.sailpoint.url, apiVersion: 'v2025', ...SIMULATOR_CREDENTIALS.sailpoint },
    commerceLayer: {
      baseUrl: simulators.commercelayer.url,
      authUrl: simulators.commercelayer.url,
      ...SIMULATOR_CREDENTIALS.commerceLayer,
      webhookSecret: webhookSecrets.commercelayer,
    },
  };
  return {
    config,
    simulators,
    async register(store) {
      const jobs = await controlSimulator<unknown[]>(simulators.sailpoint.url, 'GET', '/__sim/imports');
      return registerSailpointJobs(store, jobs, Date.now());
    },
    async connectWebhooks(gatewayUrl) {
      for (const vendor of ['fleetio', 'commercelayer'] as const) {
        await controlSimulator(simulators[vendor].url, 'PUT', '/__sim/webhooks', {
          url: `${gatewayUrl}/webhooks/${vendor}`,
          secret: webhookSecrets[vendor],
        });
      }
    },
    async close() {
      await simulators.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

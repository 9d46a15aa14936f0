import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { GatewayConfig } from './config.ts';
import type { VendorModule } from './providers/vendor-module.ts';
import { VENDORS } from './providers/vendors.ts';
import { controlSimulator } from './simulators/control-client.ts';
import {
  SIMULATED_PROVIDERS,
  startSimulators,
  type SimulatedProvider,
  type SimulatorSet,
  type SimulatorSetOptions,
} from './simulators/index.ts';
import type { ImportStore } from './imports/import-store.ts';

export interface Demo {
  config: GatewayConfig;
  simulators: SimulatorSet;
  /** Seeds the store with the simulated imports no vendor call can list (SailPoint's jobs). */
  register(store: ImportStore): Promise<number>;
  /** Points the simulators of vendors that send webhooks at the gateway, signed with the demo's secrets. */
  connectWebhooks(gatewayUrl: string): Promise<void>;
  close(): Promise<void>;
}

/** A vendor the demo runs, with the simulator standing in for it. */
interface DemoVendor {
  vendor: VendorModule;
  demo: NonNullable<VendorModule['demo']>;
  url: string;
  /** Fresh per run: the simulator signs with it, the gateway verifies with it. */
  webhookSecret: string;
}

/**
 * Demo mode: the simulators in this process on a real clock, a fresh temporary store, and a
 * configuration pointing the gateway at them, for each vendor whose module says how
 * (`VendorModule.demo`). Nothing here needs a network or a database, and nothing reaches one:
 * REDIS_URL and DATA_DIR are ignored, so simulated jobs and events never land in a store that
 * real instances share.
 */
export async function startDemo(
  base: GatewayConfig,
  vendors: readonly VendorModule[] = VENDORS,
  /** Over the demo's own (real clock, seed 1, 60 imports), e.g. a manual clock for `npm run screenshots`. */
  simulatorOptions: SimulatorSetOptions = {},
): Promise<Demo> {
  const simulators = await startSimulators({
    clock: 'real',
    seed: 1,
    imports: 60,
    quiet: true,
    ...simulatorOptions,
  });
  const dataDir = mkdtempSync(join(tmpdir(), 'import-gateway-demo-'));
  const running = (name: string) =>
    (SIMULATED_PROVIDERS as readonly string[]).includes(name)
      ? simulators[name as SimulatedProvider].url
      : undefined;
  const demoed = vendors.flatMap((vendor): DemoVendor[] => {
    const url = vendor.demo && running(vendor.demo.simulator);
    return vendor.demo && url
      ? [{ vendor, demo: vendor.demo, url, webhookSecret: randomBytes(24).toString('base64url') }]
      : [];
  });
  const config: GatewayConfig = {
    ...base,
    dataDir,
    redisUrl: undefined,
    ...Object.fromEntries(
      demoed.map(({ vendor, demo, url, webhookSecret }) => [
        vendor.settings.key,
        demo.settings({ url, webhookSecret }),
      ]),
    ),
  };
  return {
    config,
    simulators,
    async register(store) {
      let registered = 0;
      for (const { demo, url } of demoed) {
        if (!demo.seed) continue;
        const listed = await controlSimulator<unknown>(url, 'GET', demo.seed.controlPath);
        registered += await demo.seed.register({ store, listed, now: Date.now() });
      }
      return registered;
    },
    async connectWebhooks(gatewayUrl) {
      for (const { vendor, url, webhookSecret } of demoed) {
        if (!vendor.webhook) continue;
        await controlSimulator(url, 'PUT', '/__sim/webhooks', {
          url: `${gatewayUrl}/webhooks/${vendor.webhook.path}`,
          secret: webhookSecret,
        });
      }
    },
    async close() {
      await simulators.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

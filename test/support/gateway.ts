import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { loadConfig, type GatewayConfig } from '../../src/config.ts';
import { startGateway, type GatewayOptions, type RunningGateway } from '../../src/gateway.ts';
import type { Logger } from '../../src/log.ts';
import type { Backend } from '../../src/store/backend.ts';
import { registerSailpointJobs } from '../../src/providers/sailpoint/registration.ts';
import { startSimulators, type SimulatorSet, type SimulatorSetOptions } from '../../src/simulators/index.ts';
import type { SimulatedProvider } from '../../src/simulators/index.ts';
import { controlSimulator } from '../../src/simulators/control-client.ts';
import { SIMULATOR_CREDENTIALS } from './secrets.ts';
import { testLogger } from './test-log.ts';
import { variationsFromEnv } from './variations.ts';

export interface GraphQLResponse<T = Record<string, unknown>> {
  status: number;
  data?: T;
  errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, unknown> }[];
}

export interface GatewayUnderTest {
  readonly url: string;
  readonly simulators: SimulatorSet;
  readonly gateway: RunningGateway;
  /** The environment the gateway was configured from, e.g. for another instance in a child process. */
  readonly env: Record<string, string>;
  graphql<T = Record<string, unknown>>(
    query: string,
    variables?: Record<string, unknown>,
  ): Promise<GraphQLResponse<T>>;
  /** Calls a simulator's `/__sim/` control route. */
  control<T = unknown>(provider: SimulatedProvider, method: string, path: string, body?: unknown): Promise<T>;
  /** Vendor requests each simulator served since the last `resetStats`. */
  stats(): Promise<Record<SimulatedProvider, Record<string, number>>>;
  resetStats(): Promise<void>;
  /** Stops the gateway and starts a new one on the same DATA_DIR (what a restart keeps, it keeps). */
  restartGateway(): Promise<void>;
  /**
   * Starts one more gateway instance on the same simulators, with its own DATA_DIR and the same
   * configuration unless `configure` changes it; closed after the suite unless the test does first.
   */
  startInstance(options?: {
    configure?: (config: GatewayConfig) => GatewayConfig;
    gateway?: GatewayOptions;
    /** Its backend, given its configuration (default: the one the configuration asks for). */
    backend?: (config: GatewayConfig) => Promise<Backend>;
    /** Its logger (default: the suite's). */
    log?: Logger;
  }): Promise<RunningGateway>;
}

/** One GraphQL request over HTTP to the gateway at `url` (any instance, in this process or not). */
export async function postGraphql<T = Record<string, unknown>>(
  url: string,
  query: string,
  variables?: Record<string, unknown>,
): Promise<GraphQLResponse<T>> {
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as Omit<GraphQLResponse<T>, 'status'>;
  return { status: response.status, ...body };
}

export interface GatewayTestOptions extends Omit<SimulatorSetOptions, 'quiet'> {
  /** Which providers the gateway is configured for (default: all three). */
  providers?: readonly SimulatedProvider[];
  /**
   * More gateway settings, over the defaults below (e.g. `UPSTREAM_RATE_LIMITS: 'documented'`);
   * `undefined` leaves a setting to the gateway's own default (`PAGE_CACHE_TTL_MS: undefined`).
   */
  env?: Record<string, string | undefined>;
  /** Options beyond the environment (e.g. short live poll intervals). */
  gateway?: GatewayOptions;
  /** The gateway's logger (default: the run's test log), e.g. to wait for what it says it did. */
  log?: Logger;
}

/**
 * The three simulators (manual clock, rate limits off unless asked) and a gateway configured for
 * them, on loopback, for the enclosing `describe`. Everything crosses real HTTP.
 */
export function useGateway(options: GatewayTestOptions = {}): GatewayUnderTest {
  let simulators: SimulatorSet | undefined;
  let gateway: RunningGateway | undefined;
  let dataDir = '';
  let baseConfig: GatewayConfig | undefined;
  let gatewayEnv: Record<string, string> | undefined;
  const instances = new Set<RunningGateway>();
  const instanceDirs: string[] = [];
  const log = () => options.log ?? testLogger();
  const need = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('gateway not started yet');
    return value;
  };

  const handle: GatewayUnderTest = {
    get url() {
      return need(gateway).url;
    },
    get simulators() {
      return need(simulators);
    },
    get gateway() {
      return need(gateway);
    },
    get env() {
      return need(gatewayEnv);
    },
    graphql<T>(query: string, variables?: Record<string, unknown>) {
      return postGraphql<T>(handle.url, query, variables);
    },
    control<T>(provider: SimulatedProvider, method: string, path: string, body?: unknown) {
      return controlSimulator<T>(need(simulators)[provider].url, method, path, body);
    },
    async stats() {
      const entries = await Promise.all(
        (['fleetio', 'sailpoint', 'commercelayer'] as const).map(async (provider) => {
          const { requests } = await handle.control<{ requests: Record<string, number> }>(
            provider,
            'GET',
            '/__sim/stats',
          );
          return [provider, requests] as const;
        }),
      );
      return Object.fromEntries(entries) as Record<SimulatedProvider, Record<string, number>>;
    },
    async restartGateway() {
      await need(gateway).close();
      gateway = undefined;
      gateway = await startGateway({ ...options.gateway, config: need(baseConfig), log: log() });
    },
    async startInstance({
      configure = (config: GatewayConfig) => config,
      gateway: instanceOptions,
      backend,
      log: instanceLog,
    } = {}) {
      const dir = mkdtempSync(join(tmpdir(), 'gateway-test-'));
      instanceDirs.push(dir);
      const config = configure({ ...need(baseConfig), dataDir: dir });
      const started = await startGateway({
        ...(instanceOptions ?? options.gateway),
        config,
        log: instanceLog ?? log(),
        backend: await backend?.(config),
      });
      instances.add(started);
      const close = started.close.bind(started);
      started.close = async () => {
        if (instances.delete(started)) await close();
      };
      return started;
    },
    async resetStats() {
      await Promise.all(
        (['fleetio', 'sailpoint', 'commercelayer'] as const).map((provider) =>
          handle.control(provider, 'DELETE', '/__sim/stats'),
        ),
      );
    },
  };

  beforeAll(async () => {
    const {
      providers = ['fleetio', 'sailpoint', 'commercelayer'],
      env: extraEnv,
      gateway: _gatewayOptions,
      log: _log,
      ...simulatorOptions
    } = options;
    simulators = await startSimulators({
      clock: 'manual',
      rateLimits: false,
      variations: variationsFromEnv(),
      ...simulatorOptions,
      quiet: true,
    });
    dataDir = mkdtempSync(join(tmpdir(), 'gateway-test-'));
    const env: Record<string, string> = {
      PORT: '0',
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      UPSTREAM_RATE_LIMITS: 'off',
      // Off unless a test opts in: with it on, a page may show what the vendors answered for the
      // previous one, and a test reading the vendors' truth between pages would see the past.
      PAGE_CACHE_TTL_MS: '0',
    };
    if (providers.includes('fleetio')) {
      Object.assign(env, {
        FLEETIO_BASE_URL: `${simulators.fleetio.url}/api`,
        FLEETIO_API_KEY: SIMULATOR_CREDENTIALS.fleetioApiKey,
        FLEETIO_ACCOUNT_TOKEN: SIMULATOR_CREDENTIALS.fleetioAccountToken,
      });
    }
    if (providers.includes('sailpoint')) {
      Object.assign(env, {
        SAILPOINT_BASE_URL: simulators.sailpoint.url,
        SAILPOINT_CLIENT_ID: 'sim-sailpoint-client',
        SAILPOINT_CLIENT_SECRET: SIMULATOR_CREDENTIALS.sailpointClientSecret,
      });
    }
    if (providers.includes('commercelayer')) {
      Object.assign(env, {
        COMMERCELAYER_BASE_URL: simulators.commercelayer.url,
        COMMERCELAYER_AUTH_URL: simulators.commercelayer.url,
        COMMERCELAYER_CLIENT_ID: 'sim-cl-client',
        COMMERCELAYER_CLIENT_SECRET: SIMULATOR_CREDENTIALS.commerceLayerClientSecret,
      });
    }
    gatewayEnv = Object.fromEntries(
      Object.entries({ ...env, ...extraEnv }).filter(
        (entry): entry is [string, string] => entry[1] !== undefined,
      ),
    );
    const config: GatewayConfig = loadConfig(gatewayEnv);
    baseConfig = config;
    gateway = await startGateway({ ...options.gateway, config, log: log() });
    if (providers.includes('sailpoint')) {
      const jobs = await handle.control<unknown[]>('sailpoint', 'GET', '/__sim/imports');
      await registerSailpointJobs(gateway.store, jobs, Date.now());
    }
  });
  afterAll(async () => {
    for (const instance of [...instances]) await instance.close();
    for (const dir of instanceDirs) rmSync(dir, { recursive: true, force: true });
    await gateway?.close();
    await simulators?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });
  return handle;
}

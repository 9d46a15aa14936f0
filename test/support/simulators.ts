import { afterAll, beforeAll } from 'vitest';
import {
  startVendorSimulator,
  type RunningSimulator,
  type SimulatorOptions,
} from '../../src/simulators/core/server.ts';
import type { VendorFactory } from '../../src/simulators/core/vendor.ts';
import { controlSimulator } from '../../src/simulators/control-client.ts';
import { variationsFromEnv } from './variations.ts';

export interface SimulatorUnderTest {
  readonly url: string;
  readonly simulator: RunningSimulator;
  /** Calls a `/__sim/` control route and returns its parsed JSON (throws on a non-2xx answer). */
  control<T = unknown>(method: string, path: string, body?: unknown): Promise<T>;
  /** Advances the simulated clock. */
  advance(ms: number): Promise<void>;
}

/**
 * Starts a quiet simulator on a free loopback port for the enclosing `describe` (manual clock by
 * default, so nothing moves unless the test says so) and stops it afterwards.
 */
export function useSimulator(factory: VendorFactory, options: SimulatorOptions = {}): SimulatorUnderTest {
  let running: RunningSimulator | undefined;
  const handle: SimulatorUnderTest = {
    get url() {
      if (!running) throw new Error('simulator not started yet');
      return running.url;
    },
    get simulator() {
      if (!running) throw new Error('simulator not started yet');
      return running;
    },
    control<T>(method: string, path: string, body?: unknown): Promise<T> {
      return controlSimulator<T>(handle.url, method, path, body);
    },
    async advance(ms: number) {
      await handle.control('POST', '/__sim/clock', { advanceMs: ms });
    },
  };
  beforeAll(async () => {
    running = await startVendorSimulator(factory, {
      clock: 'manual',
      quiet: true,
      variations: variationsFromEnv(),
      ...options,
    });
  });
  afterAll(async () => {
    await running?.close();
  });
  return handle;
}

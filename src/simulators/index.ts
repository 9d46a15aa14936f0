import { createClock, type ClockMode } from './core/clock.ts';
import { startVendorSimulator, type RunningSimulator, type SimulatorOptions } from './core/server.ts';
import type { SimulatedProvider, VendorFactory } from './core/vendor.ts';
import { commerceLayerSimulator } from './commercelayer/index.ts';
import { fleetioSimulator } from './fleetio/index.ts';
import { sailpointSimulator } from './sailpoint/index.ts';

export type { RunningSimulator, SimulatorOptions } from './core/server.ts';
export type { SimulatedProvider } from './core/vendor.ts';

export const SIMULATED_PROVIDERS: readonly SimulatedProvider[] = ['fleetio', 'sailpoint', 'commercelayer'];

const factories: Record<SimulatedProvider, VendorFactory> = {
  fleetio: fleetioSimulator,
  sailpoint: sailpointSimulator,
  commercelayer: commerceLayerSimulator,
};

export interface SimulatorSetOptions extends Omit<SimulatorOptions, 'port' | 'clock'> {
  clock?: ClockMode;
  ports?: Partial<Record<SimulatedProvider, number>>;
}

export type SimulatorSet = Record<SimulatedProvider, RunningSimulator> & { close(): Promise<void> };

/**
 * Starts the three simulators in this process. They share one clock, so advancing any of them
 * (`POST /__sim/clock`) moves all three and imports across vendors stay in step.
 */
export async function startSimulators(options: SimulatorSetOptions = {}): Promise<SimulatorSet> {
  const clock = createClock(options.clock ?? 'real');
  const started: RunningSimulator[] = [];
  try {
    for (const provider of SIMULATED_PROVIDERS) {
      started.push(
        await startVendorSimulator(factories[provider], {
          ...options,
          clock,
          port: options.ports?.[provider] ?? 0,
        }),
      );
    }
  } catch (error) {
    await Promise.all(started.map((simulator) => simulator.close()));
    throw error;
  }
  const [fleetio, sailpoint, commercelayer] = started as [
    RunningSimulator,
    RunningSimulator,
    RunningSimulator,
  ];
  return {
    fleetio,
    sailpoint,
    commercelayer,
    async close() {
      await Promise.all(started.map((simulator) => simulator.close()));
    },
  };
}

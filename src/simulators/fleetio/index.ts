import type { VendorFactory } from '../core/vendor.ts';
import { resolveFleetioOptions, type FleetioOptions } from './options.ts';
import { buildFleetioSimulator } from './simulator.ts';

export type { FleetioOptions } from './options.ts';
export { FLEETIO_CREDENTIALS } from './auth.ts';

/** A Fleetio simulator with its inferred behaviours set by `options` (defaults in `options.ts`). */
export function createFleetioSimulator(options: FleetioOptions = {}): VendorFactory {
  const resolved = resolveFleetioOptions(options);
  return (context) => buildFleetioSimulator(context, resolved);
}

export const fleetioSimulator: VendorFactory = createFleetioSimulator();

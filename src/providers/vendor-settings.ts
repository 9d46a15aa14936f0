import type { GatewayConfig } from '../config.ts';
import type { VendorModule } from './vendor-module.ts';

/**
 * A vendor's settings in the configuration, undefined when it is not configured. GatewayConfig
 * types the settings of VENDORS (config.fleetio); a vendor given to one gateway only (a test's)
 * keeps its settings under its key all the same, so the lookup is by key.
 */
export function vendorSettings(config: GatewayConfig, vendor: VendorModule): unknown {
  return (config as unknown as Partial<Record<string, unknown>>)[vendor.settings.key];
}

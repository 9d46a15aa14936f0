import { commerceLayerVendor } from './commercelayer/vendor.ts';
import { fleetioVendor } from './fleetio/vendor.ts';
import { sailpointVendor } from './sailpoint/vendor.ts';
import type { VendorModule } from './vendor-module.ts';

/**
 * Every vendor the gateway speaks, one line each, in the total order's tie-break (README): append
 * a new one, since the position is the rank global ids and cursors already issued carry.
 */
export const VENDORS = [
  fleetioVendor,
  sailpointVendor,
  commerceLayerVendor,
] as const satisfies readonly VendorModule[];

/** What GatewayConfig holds of each vendor: its settings under its key, undefined when not configured. */
export type VendorSettingsByKey = {
  [Vendor in (typeof VENDORS)[number] as Vendor['settings']['key']]: ReturnType<Vendor['settings']['read']>;
};

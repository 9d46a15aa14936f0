import type { SimulatorContext, VendorSimulator } from '../core/vendor.ts';
import { FleetioAccount } from './account.ts';
import { fleetioErrorResponse } from './errors.ts';
import { importToWire } from './model.ts';
import type { ResolvedFleetioOptions } from './options.ts';
import { fleetioRateLimits } from './rate-limits.ts';
import { RecordsStorage } from './records-storage.ts';
import { importRecordsRoute } from './routes/import-records.ts';
import { importResultsRoute } from './routes/import-results.ts';
import { listImportsRoute } from './routes/list-imports.ts';
import { recordsStorageRoute } from './routes/records-storage.ts';
import { createTimeFormatter } from './time-format.ts';
import { fleetioVariations } from './variations.ts';

/** The Fleetio imports API (specs/VENDOR-REFERENCE.md §1) over one simulated account. */
export function buildFleetioSimulator(
  context: SimulatorContext,
  options: ResolvedFleetioOptions,
): VendorSimulator {
  const time = createTimeFormatter(options.accountTimeZone);
  const account = new FleetioAccount(context, options, time);
  const storage = new RecordsStorage(context.tokens, context.clock, {
    lifetimeSeconds: options.recordsUrlLifetimeSeconds,
    // Reached on the API's own origin, the storage stands for Fleetio's own host.
    takesFleetioCredentials: options.recordsOrigin === undefined,
  });
  return {
    provider: 'fleetio',
    variations: fleetioVariations,
    routes: [
      listImportsRoute(account),
      importRecordsRoute(account, storage, options.recordsOrigin),
      importResultsRoute(account),
      recordsStorageRoute(account, storage),
    ],
    sendsWebhooks: true,
    errorResponse: fleetioErrorResponse,
    rateLimitsFor: fleetioRateLimits(options.requestsPerMinute),
    snapshot: () => account.all().map((item) => importToWire(item, time)),
    add: (attributes) => importToWire(account.add(attributes), time),
    reset: () => account.reset(),
  };
}

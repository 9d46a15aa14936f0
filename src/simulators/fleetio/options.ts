/**
 * The Fleetio behaviours the reference marks [I] (inferred) or plan-dependent, as options of
 * `createFleetioSimulator`. Every default is the choice the simulator makes when not told otherwise.
 */
export interface FleetioOptions {
  /**
   * Requests per calendar minute per account token. Default 20: the figure of Fleetio's older
   * rate-limiting page [D]; today's page only says it depends on the plan.
   */
  requestsPerMinute?: number;
  /**
   * IANA time zone the timestamps are written in. Default `America/Chicago`: Fleetio writes times in
   * the account's zone, Central Time when none is set (webhooks page [D]); that the REST records do
   * the same, with a UTC offset and milliseconds, is [I].
   */
  accountTimeZone?: string;
  /**
   * Whether `partially_complete` imports return their created/updated records. Default false: the
   * records page says only imports in the `complete` state have data [D].
   */
  recordsForPartiallyComplete?: boolean;
  /**
   * The `state` an `import_completed` webhook carries. `status` (default, [I]): the import's status
   * name, so `partially_complete`, `incomplete` and `unsupported` pass through. `complete-or-failed`:
   * only the two values the webhook page names, every outcome but `complete` sent as `failed`.
   */
  webhookState?: 'status' | 'complete-or-failed';
  /** Share of new imports that complete and are then rolled back (default 0.1) [I]. */
  rollbackShare?: number;
  /** Range of seconds between two arrivals when new imports arrive by themselves (default 40–80). */
  arrivalSeconds?: readonly [number, number];
  /** Lifetime of the pre-signed storage URL the records endpoint redirects to (default 300 s) [I]. */
  recordsUrlLifetimeSeconds?: number;
  /**
   * Origin (`http://host:port`) the records redirect points at, standing for another host (object
   * storage): a server there is expected to pass the request on to this simulator's storage path,
   * which then refuses any `Authorization`, as S3 does. Default: the origin the client called, where
   * the storage stands for Fleetio's own host and also takes Fleetio's credentials
   * (specs/VENDOR-REFERENCE.md §1.2) [I].
   */
  recordsOrigin?: string;
}

export type ResolvedFleetioOptions = Readonly<
  Required<Omit<FleetioOptions, 'recordsOrigin'>> & Pick<FleetioOptions, 'recordsOrigin'>
>;

export const DEFAULT_FLEETIO_OPTIONS: ResolvedFleetioOptions = {
  requestsPerMinute: 20,
  accountTimeZone: 'America/Chicago',
  recordsForPartiallyComplete: false,
  webhookState: 'status',
  rollbackShare: 0.1,
  arrivalSeconds: [40, 80],
  recordsUrlLifetimeSeconds: 300,
};

/** Fills in defaults and refuses values that would make the simulator misbehave later. */
export function resolveFleetioOptions(options: FleetioOptions): ResolvedFleetioOptions {
  const resolved = { ...DEFAULT_FLEETIO_OPTIONS, ...options };
  if (!Number.isInteger(resolved.requestsPerMinute) || resolved.requestsPerMinute < 1) {
    throw new RangeError('requestsPerMinute must be a whole number of at least 1.');
  }
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: resolved.accountTimeZone });
  } catch {
    throw new RangeError(`accountTimeZone "${resolved.accountTimeZone}" is not an IANA time zone.`);
  }
  if (!(resolved.rollbackShare >= 0 && resolved.rollbackShare <= 1)) {
    throw new RangeError('rollbackShare must be between 0 and 1.');
  }
  const [low, high] = resolved.arrivalSeconds;
  if (!(low >= 1 && high >= low))
    throw new RangeError('arrivalSeconds must be [min, max] with 1 <= min <= max.');
  if (!(resolved.recordsUrlLifetimeSeconds >= 1)) {
    throw new RangeError('recordsUrlLifetimeSeconds must be at least 1.');
  }
  if (resolved.recordsOrigin !== undefined && !/^https?:\/\/[^/?#]+$/.test(resolved.recordsOrigin)) {
    throw new RangeError('recordsOrigin must be an origin such as http://127.0.0.1:8080, without a path.');
  }
  return resolved;
}

/**
 * What `createCommerceLayerSimulator(options)` can change. Each default is either a documented
 * vendor figure (named) or one of our inferences ([I]), which is why it is configurable.
 */
export interface CommerceLayerOptions {
  /** Accepted client_credentials pair (the README: sim-cl-client / sim-cl-secret). */
  clientId?: string;
  clientSecret?: string;
  /**
   * Access-token lifetime, default 7200 s: the docs table gives integration tokens 2 hours
   * (sales channels 4 hours; the CLI assumes 240 minutes for its own tokens).
   */
  tokenLifetimeSeconds?: number;
  /**
   * `meta.mode` of every resource, the token's `test` claim and which rate-limit column applies.
   * Default `live` (the lead chose the live figures).
   */
  mode?: 'live' | 'test';
  /**
   * Origin written in links where no request tells the host: `GET /__sim/imports` and webhook
   * bodies. [I] A `.invalid` host so nothing ever follows it off this machine.
   */
  organizationUrl?: string;
  /** Origin of `attachment_url` (the vendor's S3 bucket). [I] `.invalid` for the same reason. */
  attachmentOrigin?: string;
  /** Simulated seconds between creation and start, drawn per import. [I] default [2, 8]. */
  startDelaySeconds?: readonly [number, number];
  /** Simulated seconds between two progress steps. [I] default 3 (vendor tools poll every ≥ 1 s). */
  progressIntervalSeconds?: number;
  /**
   * Processing time per input and its cap. [I] default 0.6 s and 240 s: the docs' example takes
   * about a minute for 100 items, and the cap keeps 10,000 inputs inside the 5-minute promise.
   */
  secondsPerInput?: number;
  maxProcessingSeconds?: number;
  /** Seconds between two arriving imports when arrivals are on. [I] default [40, 80]. */
  arrivalIntervalSeconds?: readonly [number, number];
  /**
   * A pending import reports `processed_count`, `errors_count`, `warnings_count` and
   * `destroyed_count` as null until it starts. [I] default true: the vendor's SDK types every
   * count nullable (specs/VENDOR-REFERENCE.md §3) and a pending import has produced none yet, so
   * the gateway is tested against nulls where they are most likely.
   */
  nullCountsWhilePending?: boolean;
}

export type ResolvedOptions = Required<CommerceLayerOptions>;

export const DEFAULT_OPTIONS: ResolvedOptions = {
  clientId: 'sim-cl-client',
  clientSecret: 'sim-cl-secret',
  tokenLifetimeSeconds: 7200,
  mode: 'live',
  organizationUrl: 'https://sim-org.commercelayer.invalid',
  attachmentOrigin: 'https://cl-imports.s3.eu-west-1.amazonaws.invalid',
  startDelaySeconds: [2, 8],
  progressIntervalSeconds: 3,
  secondsPerInput: 0.6,
  maxProcessingSeconds: 240,
  arrivalIntervalSeconds: [40, 80],
  nullCountsWhilePending: true,
};

/** Every import must end within 5 simulated minutes (README, Simulators). */
const LIFECYCLE_LIMIT_SECONDS = 300;

export function resolveOptions(options: CommerceLayerOptions = {}): ResolvedOptions {
  const resolved = { ...DEFAULT_OPTIONS, ...options };
  const longest =
    resolved.startDelaySeconds[1] + resolved.maxProcessingSeconds + resolved.progressIntervalSeconds;
  if (longest > LIFECYCLE_LIMIT_SECONDS) {
    throw new Error(
      `Commerce Layer simulator timing lets an import run ${longest} s; it must end within ${LIFECYCLE_LIMIT_SECONDS} s.`,
    );
  }
  if (resolved.progressIntervalSeconds <= 0 || resolved.tokenLifetimeSeconds <= 0) {
    throw new Error('progressIntervalSeconds and tokenLifetimeSeconds must be positive.');
  }
  return resolved;
}

import type { SimClock } from './clock.ts';
import type { SimRequest, SimResponse, SimRoute } from './http.ts';
import type { SimLogger } from './log.ts';
import type { RateLimitRule, RateLimitVerdict } from './rate-limit.ts';
import type { Scheduler } from './scheduler.ts';
import type { TokenIssuer } from './tokens.ts';
import type { WireProfile } from './variations/profile.ts';
import type { WebhookSender } from './webhooks.ts';

export type SimulatedProvider = 'fleetio' | 'sailpoint' | 'commercelayer';

/** What the shared server gives each vendor simulator. */
export interface SimulatorContext {
  clock: SimClock;
  /** Simulated instant the simulator started at; seeded data is laid out relative to it. */
  startedAt: number;
  scheduler: Scheduler;
  tokens: TokenIssuer;
  webhooks: WebhookSender;
  log: SimLogger;
  seed: number;
  /** How many imports to seed. */
  seededImports: number;
  /** Whether new imports arrive by themselves every minute or so (demo liveliness). */
  arrivals: boolean;
}

/** Why the shared server needs a vendor error body. */
export type VendorErrorReason =
  | { kind: 'route-not-found' }
  | { kind: 'method-not-allowed'; allowed: string[] }
  | { kind: 'body-too-large'; limitBytes: number }
  | { kind: 'injected' }
  | { kind: 'rate-limited'; retryAfterSeconds: number };

/** Thrown by `add` for attributes a test got wrong; answered as 400 by the control API. */
export class SimInputError extends Error {}

/**
 * One vendor's simulator. The shared server owns HTTP, faults, rate limiting, stats and the
 * control API; the vendor owns its data, lifecycle, routes and wire formats.
 */
export interface VendorSimulator {
  readonly provider: SimulatedProvider;
  readonly routes: readonly SimRoute[];
  /** Whether `PUT /__sim/webhooks` is offered (the vendor documents import webhooks). */
  readonly sendsWebhooks: boolean;
  /**
   * The vendor's own error envelope for a status the shared server answers by itself. `request` is
   * the request being refused (absent only for unexpected errors), for envelopes that echo it, e.g.
   * an RFC 7807 `instance`, or a route served in another system's format (Fleetio's storage URLs).
   */
  errorResponse(status: number, reason: VendorErrorReason, request?: VendorRequestLine): SimResponse;
  /** The documented limits that apply to a request and the key they count under, if any. */
  rateLimitsFor(request: SimRequest): { key: string; rules: readonly RateLimitRule[] } | undefined;
  /** Headers the vendor adds to responses of rate-limited routes (Commerce Layer sends some). */
  rateLimitHeaders?(verdict: RateLimitVerdict): Record<string, string>;
  /** `GET /__sim/imports`: every import, in the vendor's own JSON shape. */
  snapshot(): unknown[];
  /** `POST /__sim/imports`: adds an import from vendor attribute names; answers its snapshot shape. */
  add(attributes: Record<string, unknown>): unknown;
  /** `POST /__sim/reset`: forget everything and seed again (the scheduler was cleared before). */
  reset(): void;
  /** What the vendor's documents let its answers vary in (`/__sim/variations`). */
  readonly variations?: WireProfile;
  /** The vendor's own `/__sim/` calls beside the shared ones (Commerce Layer's settings). */
  readonly controlRoutes?: readonly SimRoute[];
}

/** What the shared server knows of a request it refuses before any route handler saw it. */
export type VendorRequestLine = Pick<SimRequest, 'method' | 'path' | 'url' | 'query' | 'headers'>;

export type VendorFactory = (context: SimulatorContext) => VendorSimulator;

/**
 * A vendor budget counted by every instance together (docs/SECURITY.md, Fair use of vendor
 * budgets). The vendor layer's rate limiter asks it; the store implements it in Redis. The port is
 * here, in the domain, so neither of them imports the other.
 */

/** At most `limit` requests in any `windowMs`, as the vendor layer's `RateRule`. */
export interface BudgetWindow {
  readonly name: string;
  readonly limit: number;
  readonly windowMs: number;
}

/** One request's claim on one bucket. */
export interface BudgetClaim {
  /** The bucket's key (never a secret: vendors hash credentials into it). */
  readonly bucket: string;
  readonly windows: readonly BudgetWindow[];
  /** Unique to the request. */
  readonly id: string;
  /** The request's deadline (epoch ms): what it holds is counted no longer than a window past it. */
  readonly deadline: number;
}

/**
 * - `granted`: a slot was taken in every window;
 * - `wait`: none is free; the first could free in `waitMs`, by window `window` (an index).
 */
export type BudgetTake = { granted: true } | { granted: false; waitMs: number; window: number };

/** The requests waiting for a bucket across instances, as the share rule reads them. */
export interface BudgetQueue {
  /** The caller of each request waiting before the new one (itself not included). */
  callers: string[];
  /** Requests the bucket can still send before the new request's deadline. */
  capacity: number;
  /** When the requests waiting ahead of the new one would have been served, at the earliest. */
  waitMs: number;
  /** The window `waitMs` is counted by (an index). */
  window: number;
}

export interface SharedRateBudget {
  take(claim: BudgetClaim): Promise<BudgetTake>;
  /** As `take`, unless requests wait for the bucket (on any instance): `queued`, to wait behind them. */
  takeUnlessQueued(claim: BudgetClaim): Promise<BudgetTake | 'queued'>;
  /** The request ended: its slot counts for one more window from now. */
  release(claim: BudgetClaim): Promise<void>;
  /** Enters the cluster-wide queue for `claim`'s bucket as `caller`. */
  join(claim: BudgetClaim, caller: string): Promise<BudgetQueue>;
  /** Leaves it (granted, refused or abandoned). */
  leave(claim: BudgetClaim, caller: string): Promise<void>;
}

import { UpstreamError } from '../providers/http/upstream-error.ts';

/** How often the live layer asks a vendor. */
export interface PollTiming {
  /** Interval of a watched import right after it changed (and of a new watch). */
  activeMs: number;
  /** The longest interval of a watched import that has not changed for a while. */
  idleMs: number;
  /** The longest pause after consecutive vendor failures. */
  maxBackoffMs: number;
}

/** Growth of the interval per poll that saw no change: 2 s becomes 15 s after five quiet polls. */
const GROWTH = 1.5;

/**
 * Fast while an import moves, slower while it sits still (pending in a queue, or a long step):
 * each quiet poll stretches the interval, a change snaps it back.
 */
export function nextInterval(current: number, changed: boolean, timing: PollTiming): number {
  if (changed) return timing.activeMs;
  return Math.min(timing.idleMs, Math.max(timing.activeMs, Math.round(current * GROWTH)));
}

/**
 * The pause after `failures` consecutive failed polls of one provider: doubling from the active
 * interval up to the cap, and never shorter than a vendor's Retry-After (a 429 or a 503).
 */
export function backoffAfter(failures: number, error: unknown, timing: PollTiming): number {
  const doubling = Math.min(timing.maxBackoffMs, timing.activeMs * 2 ** Math.min(failures, 20));
  const retryAfter =
    error instanceof UpstreamError && error.upstream.retryAfterSeconds !== undefined
      ? Math.min(timing.maxBackoffMs, error.upstream.retryAfterSeconds * 1000)
      : 0;
  return Math.max(doubling, retryAfter);
}

/**
 * Simulated time. Every timestamp a simulator writes, every token expiry and every lifecycle step
 * reads this clock, so tests can drive an import from pending to completed without waiting.
 * Rate-limit windows deliberately do not: vendors count requests in wall-clock time.
 */
export type ClockMode = 'real' | 'manual';

export interface SimClock {
  readonly mode: ClockMode;
  /** Milliseconds since the epoch, in simulated time. */
  now(): number;
  /** Moves simulated time forward (both modes: a real clock keeps running from the new point). */
  advance(ms: number): void;
  /** Called after every `advance`, so schedulers can run what became due. */
  onAdvance(listener: () => void): void;
}

/** Where a manual clock starts when none is given: a fixed instant keeps seeded data byte-identical. */
export const MANUAL_CLOCK_START = Date.parse('2026-11-02T09:00:00.000Z');

export function createClock(mode: ClockMode, startAt?: number): SimClock {
  const listeners: (() => void)[] = [];
  // A real clock is an offset from wall-clock time; a manual one is a plain number.
  let offset = mode === 'real' ? (startAt === undefined ? 0 : startAt - Date.now()) : 0;
  let manualNow = startAt ?? MANUAL_CLOCK_START;
  return {
    mode,
    now: () => (mode === 'manual' ? manualNow : Date.now() + offset),
    advance(ms) {
      if (mode === 'manual') manualNow += ms;
      else offset += ms;
      for (const listener of listeners) listener();
    },
    onAdvance(listener) {
      listeners.push(listener);
    },
  };
}

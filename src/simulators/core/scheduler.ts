import type { SimClock } from './clock.ts';

interface ScheduledStep {
  at: number;
  run: (at: number) => void;
}

/**
 * Lifecycle steps due at simulated instants. A step runs with its own due time, not the time the
 * clock was read, so `updated_at` values are the same whatever polled the simulator and when.
 * Steps due at the same instant run in the order they were scheduled.
 */
export class Scheduler {
  private steps: ScheduledStep[] = [];
  private running = false;

  constructor(private readonly clock: SimClock) {}

  at(when: number, run: (at: number) => void): void {
    // Binary insertion after every step due at the same instant keeps scheduling order.
    let low = 0;
    let high = this.steps.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (this.steps[middle]!.at <= when) low = middle + 1;
      else high = middle;
    }
    this.steps.splice(low, 0, { at: when, run });
  }

  /** Runs every step due by now, including steps that due steps schedule. */
  runDue(): void {
    if (this.running) return;
    this.running = true;
    try {
      const now = this.clock.now();
      while (this.steps.length > 0 && this.steps[0]!.at <= now) {
        const step = this.steps.shift()!;
        step.run(step.at);
      }
    } finally {
      this.running = false;
    }
  }

  clear(): void {
    this.steps = [];
  }

  get pending(): number {
    return this.steps.length;
  }
}

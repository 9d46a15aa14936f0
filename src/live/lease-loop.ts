import type { Logger } from '../log.ts';
import type { Leases } from '../store/leases.ts';
import { inBackground } from './background.ts';

export interface LeaseLoopOptions<T> {
  leases: Leases;
  /** What this instance wants to poll now; each round renews or takes over their leases. */
  wanted(): Iterable<T>;
  /** The lease key of a thing: one lease per watched import, one per provider's change poll. */
  keyOf(item: T): string;
  /** Leases a round took that this instance did not hold (their holder died): poll them now. */
  onTaken(items: readonly T[]): void;
  /** Leases another instance holds now that this one held: stop polling them. */
  onLost?(items: readonly T[]): void;
  log: Logger;
  /** What the leases are of, for the log: e.g. `watched imports`, `change polls`. */
  subject: string;
}

/**
 * Who polls what, one round at a time: three rounds per lease period renew what this instance
 * holds and take what nobody holds any more, so a dead holder's polls move to another instance
 * within one period. The import watcher and the change poller share it; they only say what they
 * want and what to do when a lease is taken or lost.
 */
export class LeaseLoop<T> {
  private readonly held = new Set<string>();
  /** Claims on their way, each marked when its key is released before the lease answers. */
  private readonly claiming = new Map<string, { released: boolean }>();
  private readonly timer: NodeJS.Timeout;

  constructor(private readonly options: LeaseLoopOptions<T>) {
    // Built at start, outside any request; run in the background all the same (background.ts).
    this.timer = setInterval(
      () => inBackground(() => void this.renew()),
      Math.max(10, options.leases.periodMs / 3),
    );
    this.timer.unref();
  }

  holds(item: T): boolean {
    return this.held.has(this.options.keyOf(item));
  }

  /**
   * Takes the lease of something newly wanted; a failure to reach the leases counts as not held.
   * Released before the lease answered, it is given back at once and counts as not held: otherwise
   * nothing would ever release it (no round wants it any more) until the instance closed.
   */
  async claim(item: T): Promise<boolean> {
    const key = this.options.keyOf(item);
    const claim = { released: false };
    this.claiming.set(key, claim);
    try {
      const taken = (await this.options.leases.hold([key])).has(key);
      if (claim.released) {
        if (taken) this.giveBack([key]);
        return false;
      }
      if (taken) this.held.add(key);
      else this.held.delete(key);
    } catch (error) {
      this.options.log.warn(
        { err: error, key },
        `could not take the lease of one of the ${this.options.subject}`,
      );
    } finally {
      if (this.claiming.get(key) === claim) this.claiming.delete(key);
    }
    return this.held.has(key);
  }

  /** Gives up the lease of something nobody wants any more, so another instance may take it at once. */
  release(item: T): void {
    const key = this.options.keyOf(item);
    const pending = this.claiming.get(key);
    if (pending) pending.released = true;
    if (this.held.delete(key)) this.giveBack([key]);
  }

  /** Stops the rounds and gives up every lease held. */
  close(): void {
    clearInterval(this.timer);
    for (const pending of this.claiming.values()) pending.released = true;
    const held = [...this.held];
    this.held.clear();
    this.giveBack(held);
  }

  private giveBack(keys: string[]): void {
    if (keys.length > 0) void this.options.leases.release(keys).catch(() => undefined);
  }

  private async renew(): Promise<void> {
    const wanted = [...this.options.wanted()];
    if (wanted.length === 0) return;
    let holds: Set<string>;
    try {
      holds = await this.options.leases.hold(wanted.map((item) => this.options.keyOf(item)));
    } catch (error) {
      this.options.log.warn({ err: error }, `could not renew the leases of ${this.options.subject}`);
      return;
    }
    const taken: T[] = [];
    const lost: T[] = [];
    for (const item of wanted) {
      const key = this.options.keyOf(item);
      const had = this.held.has(key);
      if (holds.has(key) && !had) {
        this.held.add(key);
        taken.push(item);
      } else if (!holds.has(key) && had) {
        this.held.delete(key);
        lost.push(item);
      }
    }
    if (taken.length > 0) this.options.onTaken(taken);
    if (lost.length > 0) this.options.onLost?.(lost);
  }
}

import type { Redis } from 'ioredis';
import type {
  BudgetClaim,
  BudgetQueue,
  BudgetTake,
  SharedRateBudget,
} from '../imports/shared-rate-budget.ts';
import { JOIN_SCRIPT, RELEASE_SCRIPT, TAKE_SCRIPT } from './rate-budget-scripts.ts';
import { storeCall, StoreUnavailableError } from './store-unavailable.ts';

/**
 * Vendor budgets counted across instances (docs/SECURITY.md, Fair use of vendor budgets), on the
 * backend's command connection, under `<prefix>budget:`. A connection that is down fails at once
 * rather than after a reconnection attempt: the limiter then falls back to counting in process,
 * and a vendor request should not wait on Redis for that.
 */
export class RedisRateBudget implements SharedRateBudget {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly now: () => number = Date.now,
  ) {}

  async take(claim: BudgetClaim): Promise<BudgetTake> {
    return (await this.runTake(claim, false)) as BudgetTake;
  }

  takeUnlessQueued(claim: BudgetClaim): Promise<BudgetTake | 'queued'> {
    return this.runTake(claim, true);
  }

  private async runTake(claim: BudgetClaim, unlessQueued: boolean): Promise<BudgetTake | 'queued'> {
    const limits = claim.windows.flatMap((window) => [String(window.limit), String(window.windowMs)]);
    const keys = this.windowKeys(claim);
    if (unlessQueued) keys.push(this.waitingKey(claim));
    const [granted, waitMs, window] = (await this.run(TAKE_SCRIPT, keys, [
      claim.id,
      String(this.holdMs(claim)),
      unlessQueued ? '1' : '0',
      ...limits,
    ])) as [number, number, number];
    if (granted === 1) return { granted: true };
    return window === -1 ? 'queued' : { granted: false, waitMs, window };
  }

  async release(claim: BudgetClaim): Promise<void> {
    const lengths = claim.windows.map((window) => String(window.windowMs));
    await this.run(RELEASE_SCRIPT, this.windowKeys(claim), [claim.id, ...lengths]);
  }

  async join(claim: BudgetClaim, caller: string): Promise<BudgetQueue> {
    const limits = claim.windows.flatMap((window) => [String(window.limit), String(window.windowMs)]);
    const [ahead, capacity, waitMs, window] = (await this.run(
      JOIN_SCRIPT,
      [this.waitingKey(claim), ...this.windowKeys(claim)],
      [member(claim, caller), String(this.holdMs(claim)), ...limits],
    )) as [string[], number, number, number];
    const callers = ahead.map((entry) => entry.slice(entry.indexOf(' ') + 1));
    return { callers, capacity, waitMs, window };
  }

  async leave(claim: BudgetClaim, caller: string): Promise<void> {
    if (this.redis.status !== 'ready') throw new StoreUnavailableError(this.redis.status);
    await storeCall(() => this.redis.zrem(this.waitingKey(claim), member(claim, caller)));
  }

  private run(script: string, keys: string[], args: string[]): Promise<unknown> {
    if (this.redis.status !== 'ready') return Promise.reject(new StoreUnavailableError(this.redis.status));
    return storeCall(() => this.redis.eval(script, keys.length, ...keys, ...args));
  }

  /** Until the request's deadline (at least a second, so a late request still counts while it runs). */
  private holdMs(claim: BudgetClaim): number {
    return Math.max(1_000, Math.ceil(claim.deadline - this.now()));
  }

  private windowKeys(claim: BudgetClaim): string[] {
    return claim.windows.flatMap((window) => {
      const base = `${this.prefix}budget:${claim.bucket}:${window.name}`;
      return [`${base}:sent`, `${base}:ended`];
    });
  }

  private waitingKey(claim: BudgetClaim): string {
    return `${this.prefix}budget:${claim.bucket}:waiting`;
  }
}

/** A request as the waiting set holds it: its id (no spaces) first, so the caller is all after it. */
function member(claim: BudgetClaim, caller: string): string {
  return `${claim.id} ${caller}`;
}

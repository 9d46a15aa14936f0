/**
 * Request counting for the vendors' documented rate limits. Windows run on wall-clock time
 * (the README: "rate-limit windows follow real time"), whatever the simulated clock says.
 */
export interface RateLimitRule {
  /** Names the rule in logs and lets a vendor pick which rule's figures go in its headers. */
  name: string;
  limit: number;
  windowMs: number;
  /**
   * `fixed`: calendar-aligned windows that reset all at once (Fleetio's worked example).
   * `sliding`: the last `windowMs` of requests, never reset (Commerce Layer).
   */
  kind: 'fixed' | 'sliding';
}

export interface RateLimitVerdict {
  rule: RateLimitRule;
  allowed: boolean;
  remaining: number;
  /** Whole seconds until a request under this rule would be allowed again. */
  retryAfterSeconds: number;
  /**
   * Every rule's own verdict for the request, in the order the rules were given, so a vendor can
   * report one particular window in its headers (Commerce Layer reports the average, not the burst).
   */
  byRule?: readonly RateLimitVerdict[];
}

export class RateLimiter {
  /** Per rule and key: request instants (sliding) or [windowStart, count] (fixed). */
  private readonly sliding = new Map<string, number[]>();
  private readonly fixed = new Map<string, { windowStart: number; count: number }>();

  constructor(private readonly now: () => number = Date.now) {}

  /**
   * Counts a request against every rule for its key and reports the most constraining verdict.
   * A refused request is not counted, as vendors do not count what they turn away.
   */
  take(rules: readonly RateLimitRule[], key: string): RateLimitVerdict | undefined {
    const now = this.now();
    const verdicts = rules.map((rule) => this.peek(rule, key, now));
    const refused = verdicts.filter((verdict) => !verdict.allowed);
    if (refused.length > 0) {
      const worst = refused.reduce((worst, verdict) =>
        verdict.retryAfterSeconds > worst.retryAfterSeconds ? verdict : worst,
      );
      return { ...worst, byRule: verdicts };
    }
    for (const verdict of verdicts) this.record(verdict.rule, key, now);
    const counted = verdicts.map((verdict) => ({ ...verdict, remaining: verdict.remaining - 1 }));
    const tightest = counted.reduce<RateLimitVerdict | undefined>(
      (tightest, verdict) =>
        tightest === undefined || verdict.remaining < tightest.remaining ? verdict : tightest,
      undefined,
    );
    return tightest && { ...tightest, byRule: counted };
  }

  reset(): void {
    this.sliding.clear();
    this.fixed.clear();
  }

  private peek(rule: RateLimitRule, key: string, now: number): RateLimitVerdict {
    const id = `${rule.name}\u0000${key}`;
    if (rule.kind === 'fixed') {
      const windowStart = now - (now % rule.windowMs);
      const state = this.fixed.get(id);
      const count = state && state.windowStart === windowStart ? state.count : 0;
      return {
        rule,
        allowed: count < rule.limit,
        remaining: Math.max(0, rule.limit - count),
        retryAfterSeconds: Math.max(1, Math.ceil((windowStart + rule.windowMs - now) / 1000)),
      };
    }
    const instants = (this.sliding.get(id) ?? []).filter((instant) => instant > now - rule.windowMs);
    this.sliding.set(id, instants);
    const oldest = instants[0] ?? now;
    return {
      rule,
      allowed: instants.length < rule.limit,
      remaining: Math.max(0, rule.limit - instants.length),
      retryAfterSeconds: Math.max(1, Math.ceil((oldest + rule.windowMs - now) / 1000)),
    };
  }

  private record(rule: RateLimitRule, key: string, now: number): void {
    const id = `${rule.name}\u0000${key}`;
    if (rule.kind === 'fixed') {
      const windowStart = now - (now % rule.windowMs);
      const state = this.fixed.get(id);
      if (state && state.windowStart === windowStart) state.count += 1;
      else this.fixed.set(id, { windowStart, count: 1 });
      return;
    }
    this.sliding.get(id)!.push(now);
  }
}

/** How the gateway guards vendor calls (README, Resilience). */
export interface ResilienceSettings {
  /** UPSTREAM_RETRIES: further attempts of a request safe to repeat; default 3. */
  retries: number;
  /** UPSTREAM_BREAKER_FAILURES: consecutive failed vendor calls that open its circuit; default 5. */
  breakerFailures: number;
  /** UPSTREAM_BREAKER_COOLDOWN_MS: how long an open circuit refuses calls before a probe; default 30 s. */
  breakerCooldownMs: number;
}

import type { TokenGrant } from './wire.ts';

/** Renew this long before `expires_in` runs out, so a token does not expire on its way. */
const RENEW_MARGIN_MS = 60_000;

/**
 * The cached client-credentials token. Concurrent callers share one token and, when it must be
 * renewed, one in-flight token request: a list fetching four pages at once asks for one token,
 * which matters as the token endpoint allows only 30 requests a minute [D]. The cache is cleared
 * only for the token the vendor refused, so a late 401 of an old token does not drop a new one.
 */
export class AccessTokens {
  private current: { value: string; renewAt: number } | undefined;
  private pending: Promise<string> | undefined;

  constructor(
    private readonly requestGrant: () => Promise<TokenGrant>,
    private readonly now: () => number,
  ) {}

  async get(): Promise<string> {
    if (this.current && this.now() < this.current.renewAt) return this.current.value;
    this.pending ??= this.renew().finally(() => {
      this.pending = undefined;
    });
    return this.pending;
  }

  /** Forgets `token` after the vendor called it invalid; the next `get` asks for a new one. */
  reject(token: string): void {
    if (this.current?.value === token) this.current = undefined;
  }

  private async renew(): Promise<string> {
    const grant = await this.requestGrant();
    const lifetimeMs = grant.expiresInSeconds * 1000;
    // Integration tokens live 2 hours [D]; a short-lived one is renewed at half its life instead.
    const usableMs = lifetimeMs > 2 * RENEW_MARGIN_MS ? lifetimeMs - RENEW_MARGIN_MS : lifetimeMs / 2;
    this.current = { value: grant.accessToken, renewAt: this.now() + usableMs };
    return grant.accessToken;
  }
}

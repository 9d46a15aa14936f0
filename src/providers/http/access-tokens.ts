/** What a vendor's token endpoint granted, in the vendor-neutral terms the cache needs. */
export interface TokenGrant {
  accessToken: string;
  expiresInSeconds: number;
}

/** Renew this long before `expires_in` runs out, so a token never expires on its way. */
const RENEW_MARGIN_MS = 60_000;

/**
 * A cached OAuth2 client-credentials token, shared by SailPoint and Commerce Layer. Callers share
 * one token and, when it must be renewed, one in-flight token request (a list fetching four pages
 * at once asks for one token, not four: Commerce Layer allows 30 token requests a minute). The
 * cache is only ever cleared for the token that failed, so a late 401 of an old token does not
 * throw away a fresh one.
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

  /**
   * Sends a bearer request with the current token. When the vendor refuses the token itself (an
   * expired one: each vendor says so its own way, `refusesToken`), the request was not carried out,
   * so it is sent once more with a new token, whatever its method; a second refusal is the answer.
   */
  async send<R>(options: {
    request(token: string): Promise<R>;
    refusesToken(response: R): boolean;
    /** Told before the new token is asked for (a log line). */
    onRefused?: () => void;
  }): Promise<R> {
    const token = await this.get();
    const response = await options.request(token);
    if (!options.refusesToken(response)) return response;
    options.onRefused?.();
    this.reject(token);
    return options.request(await this.get());
  }

  /** Forgets `token` after the vendor rejected it; the next `get` asks for a new one. */
  reject(token: string): void {
    if (this.current?.value === token) this.current = undefined;
  }

  private async renew(): Promise<string> {
    const grant = await this.requestGrant();
    const lifetimeMs = grant.expiresInSeconds * 1000;
    // Short-lived tokens (a minute or less) are renewed at half their life instead.
    const usableMs = lifetimeMs > 2 * RENEW_MARGIN_MS ? lifetimeMs - RENEW_MARGIN_MS : lifetimeMs / 2;
    this.current = { value: grant.accessToken, renewAt: this.now() + usableMs };
    return grant.accessToken;
  }
}

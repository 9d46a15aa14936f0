import { readInteger, readList, readValue, type Env } from './env-values.ts';

/**
 * What one instance gives its callers' connections and documents, so that no caller (or crowd of
 * callers) grows its memory without bound (docs/SECURITY.md, Threat model and Other limits).
 */
export interface TransportSettings {
  /**
   * ALLOWED_HOSTS: host names, besides loopback names and HOST, that a browser may reach the
   * gateway by when it runs open or serves the playground; a leading dot allows subdomains too
   * (`.example.com`). Anything else is refused, so a page whose name was rebound to this
   * machine's address (DNS rebinding) cannot use the gateway.
   */
  allowedHosts: string[];
  /** MAX_CONNECTIONS, default 5,000: WebSockets and SSE streams open on this instance. */
  maxConnections: number;
  /** MAX_OPERATIONS_PER_CONNECTION, default 10: queries and mutations running at once on one WebSocket. */
  maxOperationsPerConnection: number;
  /**
   * MAX_SUBSCRIPTIONS_PER_PRINCIPAL: live subscriptions of one caller (principal id) across all
   * its connections. Unset: MAX_SUBSCRIPTIONS, so one caller may still use the whole instance.
   */
  maxSubscriptionsPerPrincipal: number | undefined;
  /** MAX_DOCUMENT_CACHE_BYTES, default 32 MiB: parsed documents kept for reuse, by the heap they are estimated to hold (operation/document-cache.ts). */
  maxDocumentCacheBytes: number;
}

const HOST_NAME = /^\.?[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$/i;

export function readTransportSettings(env: Env, problems: string[]): TransportSettings {
  const allowedHosts = readList(env, 'ALLOWED_HOSTS').map((host) => host.toLowerCase());
  for (const host of allowedHosts) {
    if (!HOST_NAME.test(host))
      problems.push(`ALLOWED_HOSTS entries must be host names like app.example.com, got "${host}".`);
  }
  return {
    allowedHosts,
    maxConnections: readInteger(
      env,
      { name: 'MAX_CONNECTIONS', fallback: 5_000, min: 1, max: 1_000_000 },
      problems,
    ),
    maxOperationsPerConnection: readInteger(
      env,
      { name: 'MAX_OPERATIONS_PER_CONNECTION', fallback: 10, min: 1, max: 10_000 },
      problems,
    ),
    maxSubscriptionsPerPrincipal:
      readValue(env, 'MAX_SUBSCRIPTIONS_PER_PRINCIPAL') === undefined
        ? undefined
        : readInteger(
            env,
            { name: 'MAX_SUBSCRIPTIONS_PER_PRINCIPAL', fallback: 10_000, min: 1, max: 10_000_000 },
            problems,
          ),
    maxDocumentCacheBytes: readInteger(
      env,
      {
        name: 'MAX_DOCUMENT_CACHE_BYTES',
        fallback: 32 * 1024 * 1024,
        min: 64 * 1024,
        max: 4 * 1024 * 1024 * 1024,
      },
      problems,
    ),
  };
}

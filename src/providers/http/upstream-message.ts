/**
 * One request to a vendor and its answer, as the client, the resilience layer and the adaptors
 * exchange them. A file of their own, so the resilience layer reads them without importing the
 * client that uses it (no cycle, type imports included: npm run check:layers).
 */
export interface UpstreamRequest {
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  /** Absolute URL; the origin picks the connection pool. */
  url: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
  signal?: AbortSignal;
  /**
   * Safe to send again after a failure. Default: true for GET and DELETE, false otherwise; the
   * adaptor sets it for a token request, and never for a creation.
   */
  idempotent?: boolean;
}

export interface UpstreamResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

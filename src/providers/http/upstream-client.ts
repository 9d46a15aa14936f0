import { Agent, errors as undiciErrors, type Dispatcher } from 'undici';
import type { ImportProvider } from '../../imports/model.ts';
import { providerLabel } from '../../imports/provider-labels.ts';
import { currentRequestId } from '../../request-id.ts';
import { traceVendorRequest } from '../../telemetry/spans.ts';
import { derivedOnce } from './derived-once.ts';
import { UpstreamError } from './upstream-error.ts';
import { movesPath } from './vendor-path.ts';
import type { ResilienceOptions, VendorPolicy } from './resilience/options.ts';
import { ResilientTransport } from './resilience/resilient-transport.ts';
import type { UpstreamRequest, UpstreamResponse } from './upstream-message.ts';
import { retryAfterSeconds as retryAfterHeaderSeconds } from './resilience/retry-after.ts';

// The vendor adaptors read the request and response shapes from the client they call.
export type { UpstreamRequest, UpstreamResponse } from './upstream-message.ts';

export interface UpstreamClientOptions {
  /** Default 5 s. */
  connectTimeoutMs?: number;
  /** Time to the response headers; default 15 s. */
  headersTimeoutMs?: number;
  /** Time between body chunks; default 15 s. */
  bodyTimeoutMs?: number;
  /** Keep-alive connections per origin; default 32. */
  connections?: number;
  /** Retries, circuit breaker, rate limits and single flight (resilience/options.ts). */
  resilience?: ResilienceOptions;
}

/**
 * Keep-alive HTTP to one vendor, on undici. Failures below HTTP (refused, reset, timeouts) become
 * UPSTREAM_UNAVAILABLE; the vendor adaptor interprets HTTP statuses and bodies, since each vendor
 * has its own envelope. Redirects are never followed here: a vendor that redirects (Fleetio's
 * records) decides itself what to send to the new location. Every request passes the vendor's
 * resilience layer (resilience/resilient-transport.ts), shaped by the adaptor's `policy`.
 */
export class UpstreamClient {
  private readonly agent: Agent;
  private readonly resilient: ResilientTransport;
  private readonly routes: readonly string[];

  constructor(
    readonly provider: ImportProvider,
    options: UpstreamClientOptions = {},
    policy: VendorPolicy = {},
  ) {
    this.agent = new Agent({
      connections: options.connections ?? 32,
      connect: { timeout: options.connectTimeoutMs ?? 5_000 },
      headersTimeout: options.headersTimeoutMs ?? 15_000,
      bodyTimeout: options.bodyTimeoutMs ?? 15_000,
      keepAliveTimeout: 4_000,
    });
    this.routes = policy.routes ?? [];
    this.resilient = new ResilientTransport(
      provider,
      (request, signal) => this.send(request, signal),
      (request, error) => this.transportError(request, error),
      policy,
      options.resilience,
    );
  }

  /**
   * One request as the adaptor sees it: retried, rate-limited, shared and guarded as its policy
   * says. A URL whose path holds a `.` or `..` segment is refused unsent (vendor-path.ts): ids are
   * checked by format before they get here (vendor-ids.ts), so this is the last line, not the first.
   */
  request(request: UpstreamRequest): Promise<UpstreamResponse> {
    if (movesPath(request.url)) {
      const name = providerLabel(this.provider);
      return Promise.reject(
        new UpstreamError(
          this.provider,
          'invalid-request',
          `The gateway refused to send a request to ${name}: its path has a "." or ".." segment, which would reach another resource than the one named.`,
        ),
      );
    }
    const { method, url } = request;
    return traceVendorRequest({ provider: this.provider, method, url, routes: this.routes }, () =>
      this.resilient.request(request),
    );
  }

  /** False while the vendor's circuit is open. */
  isHealthy(): boolean {
    return this.resilient.healthy;
  }

  /** One request on the wire; throws what undici throws. */
  private async send(request: UpstreamRequest, signal: AbortSignal | undefined): Promise<UpstreamResponse> {
    const url = new URL(request.url);
    // Vendors log the id beside their own, so a support request can name both.
    const requestId = currentRequestId();
    const headers = requestId ? { ...request.headers, 'x-request-id': requestId } : request.headers;
    const response: Dispatcher.ResponseData = await this.agent.request({
      origin: url.origin,
      path: url.pathname + url.search,
      method: request.method,
      headers,
      body: request.body,
      signal,
    });
    const body = Buffer.from(await response.body.arrayBuffer());
    return { status: response.statusCode, headers: response.headers, body };
  }

  async close(): Promise<void> {
    this.resilient.close();
    await this.agent.close();
  }

  private transportError(request: UpstreamRequest, error: unknown): UpstreamError {
    const name = providerLabel(this.provider);
    // Anything but a refused connection may have reached the vendor: a write must not be repeated blindly.
    const refused =
      (error as { code?: string }).code === 'ECONNREFUSED' ||
      error instanceof undiciErrors.ConnectTimeoutError;
    if (error instanceof undiciErrors.HeadersTimeoutError || error instanceof undiciErrors.BodyTimeoutError) {
      return new UpstreamError(this.provider, 'unavailable', `${name} did not answer in time.`, {}, true);
    }
    if ((error as Error).name === 'AbortError' || error instanceof undiciErrors.RequestAbortedError) {
      return new UpstreamError(
        this.provider,
        'unavailable',
        `The request to ${name} was cancelled (deadline reached).`,
        {},
        true,
      );
    }
    return new UpstreamError(
      this.provider,
      'unavailable',
      refused
        ? `${name} refused the connection.`
        : `The connection to ${name} failed before an answer (${request.method}).`,
      {},
      !refused,
    );
  }
}

const parsedBodies = new WeakMap<UpstreamResponse, unknown>();

/**
 * Parses a vendor JSON body, or fails as UPSTREAM_ERROR for that provider alone. Once per answer,
 * however many callers share it (derived-once.ts): the parsed value is theirs to read, not to change.
 */
export function parseVendorJson(provider: ImportProvider, response: UpstreamResponse): unknown {
  try {
    return derivedOnce(parsedBodies, response, () => JSON.parse(response.body.toString('utf8')) as unknown);
  } catch {
    throw new UpstreamError(
      provider,
      'error',
      `The ${providerLabel(provider)} API sent a body that is not valid JSON.`,
      {
        status: response.status,
      },
    );
  }
}

/** Seconds from a Retry-After header, by the one parser of it (resilience/retry-after.ts). */
export function retryAfterSeconds(
  headers: UpstreamResponse['headers'],
  now = Date.now(),
): number | undefined {
  return retryAfterHeaderSeconds(headers['retry-after'], now);
}

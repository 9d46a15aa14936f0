import type { FleetioSettings } from './settings.ts';
import type { Logger } from '../../log.ts';
import {
  parseVendorJson,
  UpstreamClient,
  type UpstreamClientOptions,
  type UpstreamResponse,
} from '../http/upstream-client.ts';
import { UpstreamError } from '../http/upstream-error.ts';
import { derivedOnce } from '../http/derived-once.ts';
import { fleetioError, type ErrorContext } from './errors.ts';
import { fleetioRateLimits } from './rate-limits.ts';
import { FLEETIO_ROUTES } from './routes.ts';
import { readImportPage, WireShapeError, type FleetioImportPage } from './wire.ts';
import { redirectTarget } from './redirect-target.ts';
import { withRequestSignal } from '../http/request-signal.ts';

/**
 * The date version the gateway speaks. The cursor envelope exists from 2024-01-01 on, and this is
 * the version Fleetio's own connector sends (specs/VENDOR-REFERENCE.md §1 [D][S]); pinning it keeps
 * the key's default version from changing answers under us.
 */
export const FLEETIO_API_VERSION = '2025-05-05';

export type FleetioQuery = Record<string, string | number | undefined>;

/** Validated once per answer, however many callers share it (derived-once.ts). */
const readPages = new WeakMap<object, FleetioImportPage>();

export interface FleetioClientOptions extends UpstreamClientOptions {
  log: Logger;
}

/**
 * Fleetio's protocol: static credentials on every request (`Authorization: Token <key>`,
 * `Account-Token`), paths under the configured base URL (which already ends in `/api`), errors
 * read from its envelopes. Knows nothing of imports beyond the shape of the list it reads.
 */
export class FleetioClient {
  private readonly http: UpstreamClient;
  private readonly log: Logger;

  constructor(
    private readonly settings: FleetioSettings,
    options: FleetioClientOptions,
  ) {
    const { log, ...upstream } = options;
    this.http = new UpstreamClient('FLEETIO', upstream, {
      rateLimits: fleetioRateLimits(settings.baseUrl, settings.accountToken, settings.requestsPerMinute),
      routes: FLEETIO_ROUTES,
    });
    this.log = log;
  }

  /** One GET, any status, redirects not followed (the records endpoint answers 302). */
  async send(path: string, query: FleetioQuery = {}, signal?: AbortSignal): Promise<UpstreamResponse> {
    const search = new URLSearchParams();
    for (const [name, value] of Object.entries(query))
      if (value !== undefined) search.set(name, String(value));
    const suffix = search.size > 0 ? `?${search.toString()}` : '';
    const started = performance.now();
    const response = await withRequestSignal(signal, (own) =>
      this.http.request({
        method: 'GET',
        url: `${this.settings.baseUrl}${path}${suffix}`,
        headers: this.headers(),
        signal: own,
      }),
    );
    // Path and query only: the credentials live in headers, which are never logged.
    this.log.debug(
      {
        provider: 'FLEETIO',
        path,
        query,
        status: response.status,
        ms: Math.round(performance.now() - started),
      },
      'fleetio request',
    );
    return response;
  }

  /** A 2xx JSON body, or the vendor's error as UpstreamError. */
  async getJson(path: string, query: FleetioQuery = {}, signal?: AbortSignal, context?: ErrorContext) {
    const response = await this.send(path, query, signal);
    if (response.status < 200 || response.status > 299) throw fleetioError(response, context);
    return { body: parseVendorJson('FLEETIO', response), status: response.status };
  }

  /** `GET /v1/imports` with the given query, validated. */
  async listImports(query: FleetioQuery, signal?: AbortSignal): Promise<FleetioImportPage> {
    const { body, status } = await this.getJson('/v1/imports', query, signal);
    try {
      return typeof body === 'object' && body !== null
        ? derivedOnce(readPages, body, readImportPage)
        : readImportPage(body);
    } catch (error) {
      if (!(error instanceof WireShapeError)) throw error;
      throw new UpstreamError(
        'FLEETIO',
        'error',
        `Fleetio sent an import list that does not fit: ${error.message}.`,
        {
          status,
        },
      );
    }
  }

  /**
   * A GET of the URL a Fleetio answer redirected to (the records file,
   * specs/VENDOR-REFERENCE.md §1.2), once redirect-target.ts allowed it. Fleetio's credentials go
   * along only to Fleetio's own origin, as fetch and browsers do: another host (a pre-signed
   * storage URL, likely [I]) needs none and must not see them (S3 even refuses a request with a
   * second authorization). Redirects from there are not followed (details.ts).
   */
  async fetchRedirected(location: string, fromPath: string, signal?: AbortSignal): Promise<UpstreamResponse> {
    const base = this.settings.baseUrl;
    const target = redirectTarget(location, `${base}${fromPath}`, base);
    const headers = target.sameOrigin ? this.headers() : { accept: 'application/json' };
    return withRequestSignal(signal, (own) =>
      this.http.request({ method: 'GET', url: target.url, headers, signal: own }),
    );
  }

  /** Every request to Fleetio's own origin carries these (specs/VENDOR-REFERENCE.md §1, Auth). */
  private headers(): Record<string, string> {
    return {
      authorization: `Token ${this.settings.apiKey}`,
      'account-token': this.settings.accountToken,
      accept: 'application/json',
      'x-api-version': FLEETIO_API_VERSION,
    };
  }

  /** False while Fleetio's circuit is open. */
  isHealthy(): boolean {
    return this.http.isHealthy();
  }

  async close(): Promise<void> {
    await this.http.close();
  }
}

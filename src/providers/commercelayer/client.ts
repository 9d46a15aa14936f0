import type { CommerceLayerSettings } from './settings.ts';
import type { Logger } from '../../log.ts';
import {
  parseVendorJson,
  UpstreamClient,
  type UpstreamClientOptions,
  type UpstreamRequest,
  type UpstreamResponse,
} from '../http/upstream-client.ts';
import { AccessTokens } from '../http/access-tokens.ts';
import { errorFromResponse, unexpectedBody, vendorErrorCode, type CommerceLayerOperation } from './errors.ts';
import { commerceLayerRateLimits } from './rate-limits.ts';
import { COMMERCE_LAYER_ROUTES } from './routes.ts';
import { derivedOnce } from '../http/derived-once.ts';
import { parseImportList, parseTokenGrant, type CommerceLayerImportList, type TokenGrant } from './wire.ts';
import { withRequestSignal } from '../http/request-signal.ts';
import { UnknownStatusLog } from '../unknown-statuses.ts';
import { isKnownCommerceLayerStatus } from './map.ts';

/** Validated once per answer, however many callers share it (derived-once.ts). */
const readLists = new WeakMap<object, CommerceLayerImportList>();

const JSON_API = 'application/vnd.api+json';

export interface CommerceLayerClientOptions {
  upstream?: UpstreamClientOptions;
  /** The clock token lifetimes are measured on; default Date.now. */
  now?: () => number;
  log?: Logger;
}

/** Query parameters in the order they are sent, e.g. `[['filter[q][status_eq]', 'completed']]`. */
export type QueryParams = readonly (readonly [string, string])[];

/**
 * `X-Ratelimit-Limit`, `-Interval` (seconds) and `-Remaining` as last seen (sdk-utils reads these
 * three [S]). They describe the average window; the vendor sends no reset (sliding windows [D]).
 * Kept for diagnostics: the client-side rate limiter reads them itself (rate-limits.ts).
 */
export interface RateLimitReading {
  limit: number;
  intervalSeconds: number;
  remaining: number;
  /** When the reading was taken (ms, on the client's clock). */
  seenAt: number;
}

function header(response: UpstreamResponse, name: string): number | undefined {
  const raw = response.headers[name];
  const value = Array.isArray(raw) ? raw[0] : raw;
  return value !== undefined && /^\s*\d+(\.\d+)?\s*$/.test(value) ? Number(value) : undefined;
}

/**
 * Commerce Layer's JSON:API over HTTP (specs/VENDOR-REFERENCE.md §3): a client-credentials token from
 * `POST {authUrl}/oauth/token` (JSON body), then bearer requests under `{baseUrl}/api`. A 401 with
 * `errors[0].code == "INVALID_TOKEN"` (an expired token [S]) gets one new token and one retry.
 * `getJson`/`sendJson` are generic so that create, interrupt and delete can reuse them.
 */
export class CommerceLayerClient {
  /** Last rate-limit headers seen, per limit class: the API and the token endpoint (30 a minute [D]). */
  readonly rateLimits: { api?: RateLimitReading; token?: RateLimitReading } = {};
  private readonly http: UpstreamClient;
  private readonly tokens: AccessTokens;
  private readonly now: () => number;
  private readonly unknownStatuses: UnknownStatusLog | undefined;

  constructor(
    private readonly settings: CommerceLayerSettings,
    private readonly options: CommerceLayerClientOptions = {},
  ) {
    this.http = new UpstreamClient('COMMERCE_LAYER', options.upstream, {
      rateLimits: commerceLayerRateLimits(settings.baseUrl, settings.authUrl),
      routes: COMMERCE_LAYER_ROUTES,
    });
    this.now = options.now ?? Date.now;
    this.tokens = new AccessTokens(() => this.requestToken(), this.now);
    this.unknownStatuses =
      options.log && new UnknownStatusLog(options.log, 'COMMERCE_LAYER', isKnownCommerceLayerStatus);
  }

  /** `GET /api/imports` with the given query, checked. */
  async listImports(params: QueryParams, signal?: AbortSignal): Promise<CommerceLayerImportList> {
    const operation = { what: 'the import list request' };
    const { response, body } = await this.exchange('GET', '/imports', params, undefined, operation, signal);
    let list: CommerceLayerImportList;
    try {
      list =
        typeof body === 'object' && body !== null
          ? derivedOnce(readLists, body, parseImportList)
          : parseImportList(body);
    } catch (error) {
      throw unexpectedBody(response, operation, error);
    }
    // Lists and lookups both read imports here.
    for (const resource of list.data) this.unknownStatuses?.notice(resource.attributes.status);
    return list;
  }

  /** A GET under `/api`; answers the parsed JSON body (the caller checks its shape). */
  async getJson(
    path: string,
    params: QueryParams,
    operation: CommerceLayerOperation,
    signal?: AbortSignal,
  ): Promise<unknown> {
    return (await this.exchange('GET', path, params, undefined, operation, signal)).body;
  }

  /** A POST, PATCH or DELETE under `/api` with a JSON:API document; undefined for an empty answer (204). */
  async sendJson(
    method: 'POST' | 'PATCH' | 'DELETE',
    path: string,
    document: unknown,
    operation: CommerceLayerOperation,
    signal?: AbortSignal,
  ): Promise<unknown> {
    return (await this.exchange(method, path, [], document, operation, signal)).body;
  }

  /** False while Commerce Layer's circuit is open. */
  isHealthy(): boolean {
    return this.http.isHealthy();
  }

  async close(): Promise<void> {
    await this.http.close();
  }

  private async exchange(
    method: UpstreamRequest['method'],
    path: string,
    params: QueryParams,
    document: unknown,
    operation: CommerceLayerOperation,
    signal: AbortSignal | undefined,
  ): Promise<{ response: UpstreamResponse; body: unknown }> {
    const query =
      params.length === 0
        ? ''
        : `?${new URLSearchParams(params.map(([name, value]) => [name, value])).toString()}`;
    const send = async (token: string) => {
      const headers: Record<string, string> = { accept: JSON_API, authorization: `Bearer ${token}` };
      if (document !== undefined) headers['content-type'] = JSON_API;
      const response = await withRequestSignal(signal, (own) =>
        this.http.request({
          method,
          url: `${this.settings.baseUrl}/api${path}${query}`,
          headers,
          body: document === undefined ? undefined : JSON.stringify(document),
          signal: own,
        }),
      );
      this.noteRateLimit('api', response);
      return response;
    };
    const response = await this.tokens.send({
      request: send,
      refusesToken: (answer) => answer.status === 401 && vendorErrorCode(answer) === 'INVALID_TOKEN',
      onRefused: () =>
        this.options.log?.info(
          { provider: 'COMMERCE_LAYER' },
          'Commerce Layer called the access token invalid; renewing it once',
        ),
    });
    if (response.status < 200 || response.status >= 300) throw errorFromResponse(response, operation);
    const body = response.body.length === 0 ? undefined : parseVendorJson('COMMERCE_LAYER', response);
    return { response, body };
  }

  /** Client credentials as a JSON body, as the vendor's SDK (js-auth) posts them [S]. */
  private async requestToken(): Promise<TokenGrant> {
    const operation: CommerceLayerOperation = { what: 'the access token request', token: true };
    const response = await this.http.request({
      method: 'POST',
      url: `${this.settings.authUrl}/oauth/token`,
      // Asking for a token twice costs nothing but a token: safe to retry.
      idempotent: true,
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({
        grant_type: 'client_credentials',
        client_id: this.settings.clientId,
        client_secret: this.settings.clientSecret,
      }),
    });
    this.noteRateLimit('token', response);
    if (response.status !== 200) throw errorFromResponse(response, operation);
    const body = parseVendorJson('COMMERCE_LAYER', response);
    let grant: TokenGrant;
    try {
      grant = parseTokenGrant(body);
    } catch (error) {
      throw unexpectedBody(response, operation, error);
    }
    this.options.log?.debug(
      { provider: 'COMMERCE_LAYER', expiresInSeconds: grant.expiresInSeconds },
      'new Commerce Layer access token',
    );
    return grant;
  }

  private noteRateLimit(kind: 'api' | 'token', response: UpstreamResponse): void {
    const limit = header(response, 'x-ratelimit-limit');
    const intervalSeconds = header(response, 'x-ratelimit-interval');
    const remaining = header(response, 'x-ratelimit-remaining');
    if (limit === undefined || intervalSeconds === undefined || remaining === undefined) return;
    this.rateLimits[kind] = { limit, intervalSeconds, remaining, seenAt: this.now() };
  }
}

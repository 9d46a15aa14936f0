import type { SailpointSettings } from './settings.ts';
import type { Logger } from '../../log.ts';
import {
  parseVendorJson,
  UpstreamClient,
  type UpstreamClientOptions,
  type UpstreamResponse,
} from '../http/upstream-client.ts';
import { AccessTokens } from '../http/access-tokens.ts';
import { errorFromResponse, unexpectedBody, type SailpointOperation } from './errors.ts';
import { sailpointRateLimits } from './rate-limits.ts';
import { SAILPOINT_ROUTES } from './routes.ts';
import {
  parseImportResults,
  parseJobStatus,
  parseTokenGrant,
  type SpConfigImportJobStatus,
  type SpConfigImportResults,
  type TokenGrant,
  WireShapeError,
} from './wire.ts';
import { withRequestSignal } from '../http/request-signal.ts';
import { vendorPath } from '../http/vendor-path.ts';
import { UnknownStatusLog } from '../unknown-statuses.ts';
import { isKnownSailpointStatus } from './map.ts';

export interface SailpointClientOptions {
  upstream?: UpstreamClientOptions;
  /** Where a job status the gateway does not know is said, once per value. */
  log?: Logger;
  /** The clock token lifetimes are measured on; default Date.now. */
  now?: () => number;
}

/** The 401 bodies a new token can cure: `{"error":"JWT validation failed: JWT is expired"}` [S]. */
function rejectsToken(response: UpstreamResponse): boolean {
  if (response.status !== 401) return false;
  try {
    const body = JSON.parse(response.body.toString('utf8')) as { error?: unknown };
    return typeof body.error === 'string' && /jwt/i.test(body.error);
  } catch {
    return false;
  }
}

/**
 * Headers every sp-config call of a version needs: v2024's sp-config endpoints are experimental
 * and declare `X-SailPoint-Experimental: true` required [S] (specs/VENDOR-REFERENCE.md §2). The
 * token endpoint is not versioned and needs none.
 */
function versionHeaders(version: SailpointSettings['apiVersion']): Record<string, string> {
  return version === 'v2024' ? { 'x-sailpoint-experimental': 'true' } : {};
}

/**
 * SailPoint ISC sp-config over HTTP (specs/VENDOR-REFERENCE.md §2): OAuth2 client credentials at
 * `/oauth/token`, then bearer requests under `/{version}/sp-config/import`. Each method answers
 * the vendor's own shape, checked, or throws an UpstreamError. `getStatus` and `getResults` are
 * what the registry refresh uses today and what tracking and messages will reuse.
 */
export class SailpointClient {
  private readonly http: UpstreamClient;
  private readonly tokens: AccessTokens;
  private readonly apiBase: string;
  private readonly versionHeaders: Record<string, string>;
  private readonly unknownStatuses: UnknownStatusLog | undefined;

  constructor(
    private readonly settings: SailpointSettings,
    options: SailpointClientOptions = {},
  ) {
    this.http = new UpstreamClient('SAILPOINT', options.upstream, {
      rateLimits: sailpointRateLimits(settings.baseUrl, settings.clientId),
      routes: SAILPOINT_ROUTES,
    });
    this.tokens = new AccessTokens(() => this.requestToken(), options.now ?? Date.now);
    this.apiBase = `${settings.baseUrl}/${settings.apiVersion}/sp-config`;
    this.versionHeaders = versionHeaders(settings.apiVersion);
    this.unknownStatuses =
      options.log && new UnknownStatusLog(options.log, 'SAILPOINT', isKnownSailpointStatus);
  }

  /** `GET /{version}/sp-config/import/{id}`; a job the vendor does not know is a 'not-found' error. */
  async getStatus(jobId: string, signal?: AbortSignal): Promise<SpConfigImportJobStatus> {
    const operation: SailpointOperation = { kind: 'status', jobId };
    const response = await this.get(vendorPath('import', jobId), operation, signal);
    const job = this.read(response, operation, parseJobStatus);
    if (job.jobId !== jobId)
      throw unexpectedBody(response, operation, new WireShapeError('`jobId` names another job'));
    // Every job status the gateway reads comes through here (creation answers NOT_STARTED).
    this.unknownStatuses?.notice(job.status);
    return job;
  }

  /** `GET /{version}/sp-config/import/{id}/download`: the results of a COMPLETE job (JSON) [S]. */
  async getResults(jobId: string, signal?: AbortSignal): Promise<SpConfigImportResults> {
    const operation: SailpointOperation = { kind: 'results', jobId };
    const response = await this.get(vendorPath('import', jobId, 'download'), operation, signal);
    return this.read(response, operation, parseImportResults);
  }

  /**
   * `POST /{version}/sp-config/import?preview=…` [S]: multipart, the export document as part `data`
   * (a JSON file, as the SDK uploads it) and ImportOptions as part `options` (an `application/json`
   * blob, as the SDK sends it); 202 with the queued job. Never retried: a creation sent twice is
   * two jobs. A 400 is the caller's document or options (`callerInput`).
   */
  async createImport(
    document: unknown,
    options: unknown,
    preview: boolean,
    signal?: AbortSignal,
  ): Promise<SpConfigImportJobStatus> {
    const operation: SailpointOperation = { kind: 'create', preview };
    const form = new FormData();
    form.append('data', new Blob([JSON.stringify(document)], { type: 'application/json' }), 'export.json');
    if (options !== undefined && options !== null) {
      form.append('options', new Blob([JSON.stringify(options)], { type: 'application/json' }));
    }
    const encoded = new Response(form);
    const body = Buffer.from(await encoded.arrayBuffer());
    const contentType = encoded.headers.get('content-type') ?? 'multipart/form-data';
    const send = (token: string) =>
      withRequestSignal(signal, (own) =>
        this.http.request({
          method: 'POST',
          url: `${this.apiBase}/import?preview=${preview}`,
          headers: {
            ...this.versionHeaders,
            authorization: `Bearer ${token}`,
            accept: 'application/json',
            'content-type': contentType,
          },
          body,
          signal: own,
          idempotent: false,
        }),
      );
    // A refused token means the job was not created: sending once more is safe.
    const response = await this.tokens.send({ request: send, refusesToken: rejectsToken });
    if (response.status < 200 || response.status >= 300) throw errorFromResponse(response, operation, true);
    return this.read(response, operation, parseJobStatus);
  }

  /** False while SailPoint's circuit is open. */
  isHealthy(): boolean {
    return this.http.isHealthy();
  }

  async close(): Promise<void> {
    await this.http.close();
  }

  /** A bearer GET; a 401 about the JWT gets one new token and one retry, no more. */
  private async get(
    path: string,
    operation: SailpointOperation,
    signal?: AbortSignal,
  ): Promise<UpstreamResponse> {
    const send = (token: string) =>
      withRequestSignal(signal, (own) =>
        this.http.request({
          method: 'GET',
          url: this.apiBase + path,
          headers: { ...this.versionHeaders, authorization: `Bearer ${token}`, accept: 'application/json' },
          signal: own,
        }),
      );
    const response = await this.tokens.send({ request: send, refusesToken: rejectsToken });
    if (response.status < 200 || response.status >= 300) throw errorFromResponse(response, operation);
    return response;
  }

  /** Client credentials, form-urlencoded as the spec declares (the SDK's multipart works too) [S]. */
  private async requestToken(): Promise<TokenGrant> {
    const operation: SailpointOperation = { kind: 'token' };
    const response = await this.http.request({
      method: 'POST',
      url: `${this.settings.baseUrl}/oauth/token`,
      // Asking for a token twice costs nothing but a token: safe to retry.
      idempotent: true,
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: this.settings.clientId,
        client_secret: this.settings.clientSecret,
      }).toString(),
    });
    if (response.status !== 200) throw errorFromResponse(response, operation);
    return this.read(response, operation, parseTokenGrant);
  }

  private read<T>(
    response: UpstreamResponse,
    operation: SailpointOperation,
    parse: (value: unknown) => T,
  ): T {
    const body = parseVendorJson('SAILPOINT', response);
    try {
      return parse(body);
    } catch (error) {
      throw unexpectedBody(response, operation, error);
    }
  }
}

import type { ApiError, QueryFilter } from '@commercelayer/sdk';
import { CommerceLayer, type CommerceLayerBundle } from '@commercelayer/sdk/bundle';
import type { SimulatorUnderTest } from '../support/simulators.ts';
import { redirectingFetch, type RedirectingFetch } from './loopback.ts';

/** The vendor's hosts: the API (`<slug>.commercelayer.io`) and the auth service. */
const VENDOR_HOST = /^([a-z0-9-]+\.)?commercelayer\.io$/;

/** The import as the simulator's ground truth (`GET /__sim/imports`) writes it. */
export interface TruthImport {
  id: string;
  attributes: {
    status: string;
    resource_type: string;
    created_at: string;
    inputs_size: number | null;
    processed_count: number | null;
    errors_count: number | null;
    interrupted_at: string | null;
  };
}

/** `-created_at,id` as the simulator orders (plain string comparison of ids). */
export const newestFirst = (a: TruthImport, b: TruthImport) =>
  a.attributes.created_at !== b.attributes.created_at
    ? a.attributes.created_at < b.attributes.created_at
      ? 1
      : -1
    : a.id < b.id
      ? -1
      : 1;

export const truth = (sim: SimulatorUnderTest) => sim.control<TruthImport[]>('GET', '/__sim/imports');

/**
 * A token as `@commercelayer/js-auth` gets one (its `authenticate('client_credentials', …)`: a JSON
 * POST to `https://auth.<domain>/oauth/token`); the SDK itself has no token call. Sent through the
 * same loopback fetch, so it lands on the simulator's token endpoint.
 */
export async function clientCredentialsToken(network: RedirectingFetch): Promise<string> {
  const response = await network.fetch('https://auth.commercelayer.io/oauth/token', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
    body: JSON.stringify({
      grant_type: 'client_credentials',
      client_id: 'sim-cl-client',
      client_secret: 'sim-cl-secret',
    }),
  });
  const body = (await response.json()) as { access_token?: string };
  if (response.status !== 200 || body.access_token === undefined) {
    throw new Error(`token endpoint answered ${response.status}: ${JSON.stringify(body)}`);
  }
  return body.access_token;
}

export interface SdkUnderTest {
  cl: CommerceLayerBundle;
  network: RedirectingFetch;
}

/**
 * The SDK's bundled client given nothing but a token and a fetch: the organization and domain
 * are the SDK's own reading of the token (its `iss`, specs/VENDOR-REFERENCE.md §3.3).
 */
export async function commerceLayerSdk(sim: SimulatorUnderTest): Promise<SdkUnderTest> {
  const network = redirectingFetch(VENDOR_HOST, sim.url);
  const accessToken = await clientCredentialsToken(network);
  const cl = CommerceLayer({
    accessToken,
    fetch: network.fetch,
    refreshToken: () => clientCredentialsToken(network),
  });
  return { cl, network };
}

/** The SDK's own reading of a refusal (its ApiError: status and JSON:API errors). */
export async function apiError(cl: CommerceLayerBundle, call: Promise<unknown>): Promise<ApiError> {
  const error = await call.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  if (!cl.isApiError(error)) throw new Error(`expected an ApiError, got ${String(error)}`);
  return error;
}

/** Every page of a filtered list, walked with the SDK's own `hasNextPage`. */
export async function listAll(
  cl: CommerceLayerBundle,
  filters: QueryFilter,
): Promise<{ ids: string[]; recordCount: number }> {
  const ids: string[] = [];
  for (let pageNumber = 1; ; pageNumber++) {
    const page = await cl.imports.list({ filters, pageSize: 25, pageNumber });
    ids.push(...Array.from(page, (item) => item.id));
    if (!page.hasNextPage()) return { ids, recordCount: page.meta.recordCount };
  }
}

/**
 * What the scenarios ask of the gateway and the simulators besides load: one GraphQL request, the
 * control API, and vendor requests counted from `/__sim/stats`.
 */
import type { GatewayProcess, SimulatorProcess } from './processes.ts';
import { controlSimulator } from '../src/simulators/control-client.ts';

export type Provider = 'fleetio' | 'sailpoint' | 'commercelayer';
export const PROVIDERS: Provider[] = ['fleetio', 'sailpoint', 'commercelayer'];

/** Vendor API requests per provider; token requests apart (one per token lifetime). */
export type VendorCounts = Record<Provider, { api: number; tokens: number; routes: Record<string, number> }>;

export async function graphql<T>(
  gateway: GatewayProcess,
  query: string,
  variables?: Record<string, unknown>,
): Promise<T> {
  const response = await fetch(gateway.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data: T; errors?: unknown[] };
  if (body.errors) throw new Error(`gateway errors: ${JSON.stringify(body.errors).slice(0, 2_000)}`);
  return body.data;
}

/** The simulators' control API, as the tests call it. */
export const control = controlSimulator;

export async function countVendorRequests(simulators: SimulatorProcess): Promise<VendorCounts> {
  const entries = await Promise.all(
    PROVIDERS.map(async (provider) => {
      const { requests } = await control<{ requests: Record<string, number> }>(
        simulators.urls[provider],
        'GET',
        '/__sim/stats',
      );
      const tokens = requests['POST /oauth/token'] ?? 0;
      const total = Object.values(requests).reduce((sum, count) => sum + count, 0);
      return [provider, { api: total - tokens, tokens, routes: requests }] as const;
    }),
  );
  return Object.fromEntries(entries) as VendorCounts;
}

export async function resetVendorRequests(simulators: SimulatorProcess): Promise<void> {
  await Promise.all(
    PROVIDERS.map((provider) => control(simulators.urls[provider], 'DELETE', '/__sim/stats')),
  );
}

export const totalApi = (counts: VendorCounts) =>
  PROVIDERS.reduce((total, provider) => total + counts[provider].api, 0);

export async function setLatency(simulators: SimulatorProcess, latencyMs: number, jitterMs: number) {
  await Promise.all(
    Object.values(simulators.urls).map((url) =>
      control(url, 'PUT', '/__sim/faults', { latencyMs, jitterMs, rateLimits: false }),
    ),
  );
}

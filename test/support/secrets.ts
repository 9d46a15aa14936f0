import { createHash } from 'node:crypto';

/**
 * Every secret the tests hand to a gateway, a vendor adaptor or a simulator, in one place. Tests
 * configure their secrets from here, and the check at the end of the run
 * (test/setup/log-secrets.ts) looks for each of them in every log line the suite wrote, so the
 * secrets used and the secrets looked for cannot drift apart. Client ids are not secrets and are
 * not listed; bearer tokens the simulators issue are not known in advance, so the check finds them
 * by shape instead.
 */

/** The credentials the simulators accept by default (README, Simulators). */
export const SIMULATOR_CREDENTIALS = {
  fleetioApiKey: 'sim-fleetio-key',
  fleetioReadonlyKey: 'sim-fleetio-readonly',
  fleetioAccountToken: 'sim-fleetio-account',
  sailpointClientSecret: 'sim-sailpoint-secret',
  commerceLayerClientSecret: 'sim-cl-secret',
} as const;

/** Shared secrets of the vendors' webhooks, configured on gateways and simulators alike. */
export const WEBHOOK_SECRETS = {
  commerceLayer: 'cl-webhook-secret-for-tests',
  fleetio: 'fleetio-webhook-secret-for-tests',
  /** For receivers and simulators tested on their own, to tell a second secret apart. */
  other: 'whsec-other-for-tests',
} as const;

/** Gateway API keys (GATEWAY_API_KEYS holds only their SHA-256). */
export const API_KEYS = {
  reader: 'gw-test-key-reader-5b7e1d',
  writer: 'gw-test-key-writer-c4a90f',
  fuzz: 'gw-test-key-fuzz-83d2aa',
  /** Two callers with the same scopes, told apart by who they are (idempotency keys, rate shares). */
  alice: 'gw-test-key-alice-7f21c9',
  bob: 'gw-test-key-bob-e05b44',
} as const;

/** Wrong credentials some tests send on purpose: just as secret-shaped, so just as unloggable. */
export const WRONG_CREDENTIALS = {
  fleetioApiKey: 'not-the-fleetio-key',
  sailpointClientSecret: 'not-the-sailpoint-secret',
  commerceLayerClientSecret: 'not-the-cl-secret-42',
} as const;

/** One GATEWAY_API_KEYS entry: `name:sha256hex:scope+scope`. */
export function apiKeyEntry(name: string, key: string, scopes: string): string {
  return `${name}:${createHash('sha256').update(key).digest('hex')}:${scopes}`;
}

/** What the end-of-run log check looks for, each secret by a name the failure message can print. */
export const CONFIGURED_SECRETS: readonly { name: string; value: string }[] = [
  ...entries('simulator credential', SIMULATOR_CREDENTIALS),
  ...entries('webhook secret', WEBHOOK_SECRETS),
  ...entries('API key', API_KEYS),
  ...entries('wrong credential', WRONG_CREDENTIALS),
];

function entries(kind: string, secrets: Record<string, string>) {
  return Object.entries(secrets).map(([name, value]) => ({ name: `${kind} ${name}`, value }));
}

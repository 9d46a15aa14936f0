import { readInteger, readValue as read } from '../../env-values.ts';
import { readCredentials, readHeaderName, readOrigin } from '../settings-values.ts';
import type { VendorSettingsReader } from '../vendor-module.ts';
import { DEFAULT_FLEETIO_REQUESTS_PER_MINUTE } from './rate-limits.ts';

export interface FleetioSettings {
  baseUrl: string;
  apiKey: string;
  accountToken: string;
  webhookSecret: string | undefined;
  /** Header carrying the webhook signature (Fleetio does not document one); default X-Fleetio-Webhook-Signature. */
  webhookSignatureHeader?: string;
  /** FLEETIO_RATE_LIMIT_PER_MINUTE, per account token: plan-dependent; default 20, as Fleetio's older docs say. */
  requestsPerMinute?: number;
}

/** FLEETIO_* (README, Configuration): on once the API key and the account token are set. */
export const fleetioSettings = {
  key: 'fleetio',
  required: ['FLEETIO_API_KEY', 'FLEETIO_ACCOUNT_TOKEN'],
  read({ env, problems, label }): FleetioSettings | undefined {
    const keys = readCredentials(env, ['FLEETIO_API_KEY', 'FLEETIO_ACCOUNT_TOKEN'] as const, label, problems);
    return (
      keys && {
        baseUrl: readOrigin(env, 'FLEETIO_BASE_URL', 'https://secure.fleetio.com/api', problems),
        apiKey: keys.FLEETIO_API_KEY,
        accountToken: keys.FLEETIO_ACCOUNT_TOKEN,
        webhookSecret: read(env, 'FLEETIO_WEBHOOK_SECRET'),
        webhookSignatureHeader: readHeaderName(env, 'FLEETIO_WEBHOOK_SIGNATURE_HEADER', problems),
        requestsPerMinute: readInteger(
          env,
          {
            name: 'FLEETIO_RATE_LIMIT_PER_MINUTE',
            fallback: DEFAULT_FLEETIO_REQUESTS_PER_MINUTE,
            min: 1,
            max: 100_000,
          },
          problems,
        ),
      }
    );
  },
} as const satisfies VendorSettingsReader<FleetioSettings>;

import { readValue as read } from '../../env-values.ts';
import { readCredentials, readOrigin, readRequiredOrigin } from '../settings-values.ts';
import type { VendorSettingsReader } from '../vendor-module.ts';

export interface CommerceLayerSettings {
  baseUrl: string;
  authUrl: string;
  clientId: string;
  clientSecret: string;
  webhookSecret: string | undefined;
}

/** COMMERCELAYER_* (README, Configuration): on once the client id and secret are set, with the organization origin. */
export const commerceLayerSettings = {
  key: 'commerceLayer',
  required: ['COMMERCELAYER_BASE_URL', 'COMMERCELAYER_CLIENT_ID', 'COMMERCELAYER_CLIENT_SECRET'],
  read({ env, problems, label }): CommerceLayerSettings | undefined {
    const keys = readCredentials(
      env,
      ['COMMERCELAYER_CLIENT_ID', 'COMMERCELAYER_CLIENT_SECRET'] as const,
      label,
      problems,
    );
    if (!keys) return undefined;
    const baseUrl = readRequiredOrigin(
      env,
      'COMMERCELAYER_BASE_URL',
      `${label} credentials (the organization origin)`,
      problems,
    );
    if (baseUrl === undefined) return undefined;
    return {
      baseUrl,
      authUrl: readOrigin(env, 'COMMERCELAYER_AUTH_URL', 'https://auth.commercelayer.io', problems),
      clientId: keys.COMMERCELAYER_CLIENT_ID,
      clientSecret: keys.COMMERCELAYER_CLIENT_SECRET,
      webhookSecret: read(env, 'COMMERCELAYER_WEBHOOK_SECRET'),
    };
  },
} as const satisfies VendorSettingsReader<CommerceLayerSettings>;

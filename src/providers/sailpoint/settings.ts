import { readValue as read } from '../../env-values.ts';
import { readCredentials, readRequiredOrigin } from '../settings-values.ts';
import type { VendorSettingsReader } from '../vendor-module.ts';

export type SailpointApiVersion = 'v2025' | 'v2024' | 'beta';

export interface SailpointSettings {
  baseUrl: string;
  apiVersion: SailpointApiVersion;
  clientId: string;
  clientSecret: string;
}

const API_VERSIONS: readonly string[] = ['v2025', 'v2024', 'beta'] satisfies SailpointApiVersion[];

/** SAILPOINT_* (README, Configuration): on once the client id and secret are set, with the tenant origin. */
export const sailpointSettings = {
  key: 'sailpoint',
  required: ['SAILPOINT_BASE_URL', 'SAILPOINT_CLIENT_ID', 'SAILPOINT_CLIENT_SECRET'],
  read({ env, problems, label }): SailpointSettings | undefined {
    const keys = readCredentials(
      env,
      ['SAILPOINT_CLIENT_ID', 'SAILPOINT_CLIENT_SECRET'] as const,
      label,
      problems,
    );
    // Checked even without credentials: a wrong value is a mistake however the rest is set.
    const apiVersion = read(env, 'SAILPOINT_API_VERSION') ?? 'v2025';
    if (!API_VERSIONS.includes(apiVersion)) {
      problems.push(`SAILPOINT_API_VERSION must be v2025, v2024 or beta, got "${apiVersion}".`);
    }
    if (!keys) return undefined;
    const baseUrl = readRequiredOrigin(
      env,
      'SAILPOINT_BASE_URL',
      `${label} credentials (the tenant origin)`,
      problems,
    );
    if (baseUrl === undefined) return undefined;
    return {
      baseUrl,
      apiVersion: apiVersion as SailpointApiVersion,
      clientId: keys.SAILPOINT_CLIENT_ID,
      clientSecret: keys.SAILPOINT_CLIENT_SECRET,
    };
  },
} as const satisfies VendorSettingsReader<SailpointSettings>;

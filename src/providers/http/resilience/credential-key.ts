import { createHash } from 'node:crypto';

/**
 * A stable, non-secret name for a credential, to key rate-limit buckets and shared flights: the
 * first 16 hex digits of its SHA-256. Maps and logs then never hold the key itself.
 */
export function credentialKey(...parts: string[]): string {
  return createHash('sha256').update(parts.join('\u0000')).digest('hex').slice(0, 16);
}

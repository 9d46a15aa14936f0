import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { PROVIDER_ENUM_FILE } from './provider-enum.ts';

const schemaDirectory = fileURLToPath(new URL('../../schema/', import.meta.url));
/** The printed schema of the last release, kept beside the SDL for the breaking-change guard; not served. */
export const BASELINE_FILE = 'baseline.graphql';

/**
 * The SDL files of schema/, one per concern, in a stable order. The gateway builds its schema from
 * them and `npm run codegen` its resolver types, so the types describe exactly what is served.
 * `providerEnum`: the SDL of `ImportProvider` for the vendors at hand, in place of the file written
 * for VENDORS (provider-enum.ts).
 */
export function readTypeDefs(providerEnum?: string): string[] {
  const files = new Set(readdirSync(schemaDirectory).filter((file) => file.endsWith('.graphql') && file !== BASELINE_FILE));
  if (providerEnum !== undefined) files.add(PROVIDER_ENUM_FILE);
  return [...files]
    .sort()
    .map((file) =>
      file === PROVIDER_ENUM_FILE && providerEnum !== undefined
        ? providerEnum
        : readFileSync(schemaDirectory + file, 'utf8'),
    );
}

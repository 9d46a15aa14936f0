import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const schemaDirectory = fileURLToPath(new URL('../../schema/', import.meta.url));
/** The printed schema of the last release, kept beside the SDL for the breaking-change guard; not served. */
export const BASELINE_FILE = 'baseline.graphql';

/**
 * The SDL files of schema/, one per concern, in a stable order. The gateway builds its schema from
 * them and `npm run codegen` its resolver types, so the types describe exactly what is served.
 * `generated`: SDL by file name, in place of (or besides) the files of that name: the
 * `ImportProvider` enum for the vendors at hand (provider-enum.ts), and for codegen every
 * generated file as it is about to be written, so the types never lag one run behind.
 */
export function readTypeDefs(generated: Readonly<Record<string, string>> = {}): string[] {
  const files = new Set(
    readdirSync(schemaDirectory).filter((file) => file.endsWith('.graphql') && file !== BASELINE_FILE),
  );
  for (const file of Object.keys(generated)) files.add(file);
  return [...files].sort().map((file) => generated[file] ?? readFileSync(schemaDirectory + file, 'utf8'));
}

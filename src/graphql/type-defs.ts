import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const schemaDirectory = fileURLToPath(new URL('../../schema/', import.meta.url));

/**
 * The SDL files of schema/, one per concern, in a stable order. The gateway builds its schema from
 * them and `npm run codegen` its resolver types, so the types describe exactly what is served.
 */
export function readTypeDefs(): string[] {
  return readdirSync(schemaDirectory)
    .filter((file) => file.endsWith('.graphql'))
    .sort()
    .map((file) => readFileSync(schemaDirectory + file, 'utf8'));
}

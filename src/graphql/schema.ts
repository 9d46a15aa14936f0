import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { makeExecutableSchema } from '@graphql-tools/schema';
import type { GraphQLSchema } from 'graphql';
import { resolvers } from './resolvers/index.ts';

const schemaDirectory = fileURLToPath(new URL('../../schema/', import.meta.url));

/** The SDL files of schema/, one per concern, in a stable order. */
export function readTypeDefs(): string[] {
  return readdirSync(schemaDirectory)
    .filter((file) => file.endsWith('.graphql'))
    .sort()
    .map((file) => readFileSync(schemaDirectory + file, 'utf8'));
}

export function buildGatewaySchema(): GraphQLSchema {
  return makeExecutableSchema({ typeDefs: readTypeDefs(), resolvers: resolvers as never });
}

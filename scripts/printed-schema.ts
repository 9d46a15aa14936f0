/**
 * The served schema as SDL (graphql-js `printSchema`), written by `npm run codegen` to
 * schema.graphql at the root: the one file a frontend's tooling (Apollo's client codegen, an
 * editor) reads, and what the breaking-change guard compares with schema/baseline.graphql
 * (docs/SCHEMA-CHANGES.md). Sorted, so moving a type from one schema/ file to another changes nothing.
 */
import { lexicographicSortSchema, printSchema, type GraphQLSchema } from 'graphql';
import { buildGatewaySchema } from '../src/graphql/schema.ts';

export const PRINTED_SCHEMA_FILE = 'schema.graphql';

/** Fits both copies: schema.graphql and the baseline a release copies from it. */
const HEADER = [
  '# The served schema as graphql-js prints it (scripts/printed-schema.ts). Never edited by hand:',
  '# schema.graphql is written by `npm run codegen`; schema/baseline.graphql is a copy of it made at',
  '# the last release (docs/SCHEMA-CHANGES.md).',
].join('\n');

export function printedSchema(schema: GraphQLSchema = buildGatewaySchema()): string {
  return `${HEADER}\n\n${printSchema(lexicographicSortSchema(schema))}\n`;
}

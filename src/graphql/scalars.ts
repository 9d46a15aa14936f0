import { GraphQLError, GraphQLScalarType, Kind, type ValueNode } from 'graphql';
import { badUserInput } from './errors.ts';

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

/** What a refused value was, briefly: a message never echoes megabytes, nor walks a deep object. */
function describeValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 80 ? `${value.slice(0, 80)}…` : value);
  if (value === null || typeof value !== 'object') return String(value);
  return Array.isArray(value) ? 'a list' : 'an object';
}

function parseInstant(value: unknown): Date {
  if (typeof value !== 'string' || !ISO_INSTANT.test(value) || Number.isNaN(Date.parse(value))) {
    throw badUserInput(
      `DateTime must be an ISO-8601 instant with a time zone, e.g. "2026-11-23T18:00:00.000Z"; got ${describeValue(value)}.`,
    );
  }
  return new Date(value);
}

export const DateTime = new GraphQLScalarType<Date, string>({
  name: 'DateTime',
  description: 'An instant in UTC, written as ISO-8601 with milliseconds.',
  serialize(value) {
    if (value instanceof Date) return value.toISOString();
    throw new GraphQLError('DateTime cannot represent a value that is not a Date.');
  },
  parseValue: parseInstant,
  parseLiteral(node) {
    if (node.kind !== Kind.STRING) return parseInstant(undefined);
    return parseInstant(node.value);
  },
});

function literalToJson(node: ValueNode, variables?: Record<string, unknown> | null): unknown {
  switch (node.kind) {
    case Kind.STRING:
    case Kind.BOOLEAN:
      return node.value;
    case Kind.INT:
    case Kind.FLOAT:
      return Number(node.value);
    case Kind.NULL:
      return null;
    case Kind.LIST:
      return node.values.map((value) => literalToJson(value, variables));
    case Kind.OBJECT:
      return Object.fromEntries(
        node.fields.map((field) => [field.name.value, literalToJson(field.value, variables)]),
      );
    case Kind.VARIABLE:
      return variables?.[node.name.value];
    default:
      throw badUserInput('JSON cannot represent an enum value.');
  }
}

/**
 * Deepest nesting of a JSON value from variables. The gateway hashes, copies and serializes these
 * values recursively (idempotency keys, vendor bodies), so a value nested tens of thousands of
 * levels deep, which JSON.parse reads without trouble, would overflow the stack there instead of
 * being refused as input. Literals in documents are bounded already (limits/document-nesting.ts).
 */
export const MAX_JSON_DEPTH = 100;

/** Walks with a stack of its own rather than by recursion, for the reason above. */
function checkJsonDepth(value: unknown): unknown {
  const pending: [unknown, number][] = [[value, 1]];
  while (pending.length > 0) {
    const [item, depth] = pending.pop()!;
    if (item === null || typeof item !== 'object') continue;
    if (depth > MAX_JSON_DEPTH) {
      throw badUserInput(`JSON values may nest at most ${MAX_JSON_DEPTH} levels deep.`);
    }
    for (const child of Object.values(item)) pending.push([child, depth + 1]);
  }
  return value;
}

export const JSONScalar = new GraphQLScalarType({
  name: 'JSON',
  description: `Any JSON value, nested at most ${MAX_JSON_DEPTH} levels deep.`,
  serialize: (value) => value,
  parseValue: checkJsonDepth,
  parseLiteral: literalToJson,
});

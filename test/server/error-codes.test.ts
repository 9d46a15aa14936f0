/**
 * The one list of error codes (src/graphql/error-codes.ts) is the README's and the served schema's
 * `GatewayErrorCode`, and its helpers make its codes.
 */
import { readFileSync } from 'node:fs';
import { GraphQLEnumType, type GraphQLError } from 'graphql';
import { describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../../src/graphql/error-codes.ts';
import * as errors from '../../src/graphql/errors.ts';
import { buildGatewaySchema } from '../../src/graphql/schema.ts';
import { formatError } from '../../src/server/operation/format.ts';

/** The rows of the table in the README's "Errors" section. */
function readmeRows(): string[][] {
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
  const section = readme.split('\n## Errors\n')[1]!.split('\n## ')[0]!;
  return section
    .split('\n')
    .filter((line) => line.startsWith('| `'))
    .map((line) =>
      line
        .split('|')
        .slice(1, -1)
        .map((cell) => cell.trim()),
    );
}

describe('error codes', () => {
  it('are listed in the README as in src/graphql/error-codes.ts, in the same order', () => {
    expect(readmeRows()).toEqual(
      ERROR_CODES.map((entry) => [
        `\`${entry.code}\``,
        entry.meaning,
        String(entry.httpStatus),
        entry.appearsIn.map((place) => `\`${place}\``).join(' and '),
        entry.retryable ? 'yes' : 'no',
      ]),
    );
  });

  it('are the values of the served GatewayErrorCode enum, in the order of the README', () => {
    const enumType = buildGatewaySchema().getType('GatewayErrorCode');
    expect(enumType).toBeInstanceOf(GraphQLEnumType);
    const values = (enumType as GraphQLEnumType).getValues();
    expect(values.map((value) => `\`${value.name}\``)).toEqual(readmeRows().map((row) => row[0]));
    // Each value is described by its meaning, as the README's table says it.
    expect(values.map((value) => value.description)).toEqual(readmeRows().map((row) => row[1]));
  });

  it('are each made by the helper named after the code, and reach clients as they are', () => {
    const helperName = (code: string) =>
      code.toLowerCase().replace(/_(\w)/g, (_match, letter: string) => letter.toUpperCase());
    for (const { code } of ERROR_CODES) {
      if (code === 'PERSISTED_QUERY_NOT_SUPPORTED') continue; // Apollo's alone; the gateway never makes it
      const helper = (errors as Record<string, unknown>)[helperName(code)];
      expect(typeof helper, code).toBe('function');
      const made = (helper as (message: string) => GraphQLError)('a message');
      expect(made.extensions.code).toBe(code);
      const shown = formatError(made);
      expect(shown.extensions?.code).toBe(code);
      // Whether to retry travels with every error, as the list says of its code.
      expect(shown.extensions?.retryable).toBe(ERROR_CODES.find((entry) => entry.code === code)!.retryable);
      expect(shown.message).toBe(code === 'INTERNAL_SERVER_ERROR' ? 'Internal server error' : 'a message');
    }
  });
});

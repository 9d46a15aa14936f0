import { expect } from 'vitest';
import { upstreamGraphQLError } from '../../../src/graphql/errors.ts';
import { SailpointRefusal } from '../../../src/providers/sailpoint/errors.ts';
import type { VendorExample } from '../../support/vendor-examples/example.ts';
import type { Reading } from './readers.ts';
import { expectedOutcomeOf, expectedStatusOf } from './expected-statuses.ts';
import { expectedErrorCode, expectedUpstream } from './expected-errors.ts';

/** Strings anywhere in an item's `errors_log` and `warnings_log` (Commerce Layer's logs). */
function logTexts(item: Record<string, unknown>): number {
  const texts = (value: unknown): number =>
    typeof value === 'string'
      ? 1
      : typeof value === 'object' && value !== null
        ? Object.values(value).reduce((sum: number, inner) => sum + texts(inner), 0)
        : 0;
  return texts(item.errors_log) + texts(item.warnings_log);
}

/**
 * The import objects of an example body, each with its vendor `status`: Commerce Layer's resources
 * (`data`, one or a list, their `attributes`), Fleetio's page `records`, or the body itself (a
 * SailPoint job).
 */
function importObjects(body: unknown): Record<string, unknown>[] {
  const { data, records } = body as { data?: unknown; records?: unknown };
  if (Array.isArray(records)) return records as Record<string, unknown>[];
  const resources = Array.isArray(data) ? data : data === undefined ? [body] : [data];
  return resources.map((resource) => {
    const attributes = (resource as { attributes?: Record<string, unknown> }).attributes;
    return attributes ?? (resource as Record<string, unknown>);
  });
}

/** Checks what the gateway made of an example against what the README says it must be. */
export function expectAsDocumented(example: VendorExample, reading: Reading, body: unknown): void {
  switch (reading.kind) {
    case 'imports': {
      const items = importObjects(body);
      expect(reading.imports).toHaveLength(items.length);
      reading.imports.forEach((item, index) => {
        expect(item.provider).toBe(example.provider);
        expect(item.providerStatus).toBe(items[index]!.status);
        expect({ status: item.status, terminal: item.terminal }).toEqual(
          expectedStatusOf(example.provider, items[index]!),
        );
      });
      // Commerce Layer's logs: one message per text, errors by attribute, warnings by key.
      expect(reading.messages).toHaveLength(items.reduce((sum, item) => sum + logTexts(item), 0));
      return;
    }
    case 'outcome': {
      const results = (body as { results: Record<string, Record<string, unknown[]>> }).results;
      expect(reading.outcome.status).toBe(expectedOutcomeOf(results));
      const lists = Object.values(results);
      const messages = lists.reduce(
        (sum, entry) => sum + entry.infos!.length + entry.warnings!.length + entry.errors!.length,
        0,
      );
      expect(reading.messages).toHaveLength(messages);
      // Records are the imported objects SailPoint names by id.
      const named = (entry: Record<string, unknown[]>) =>
        entry.importedObjects!.filter((object) => typeof (object as { id?: unknown }).id === 'string');
      expect(reading.records).toHaveLength(lists.reduce((sum, entry) => sum + named(entry).length, 0));
      return;
    }
    case 'token':
      expect(reading.grant.accessToken).toBe((body as { access_token: string }).access_token);
      return;
    case 'error': {
      const error = upstreamGraphQLError(reading.error);
      expect(error.extensions).toMatchObject({
        code: expectedErrorCode(example),
        provider: example.provider,
      });
      expect(error.extensions.upstream).toEqual(expectedUpstream(example));
      if (reading.error instanceof SailpointRefusal) {
        // README, SailPoint refusals: one reason per `causes` entry, else per `messages` entry.
        const { causes, messages } = body as { causes?: { text: string }[]; messages?: { text: string }[] };
        expect(reading.error.reasons).toEqual((causes ?? messages ?? []).map((entry) => entry.text));
      }
      return;
    }
  }
}

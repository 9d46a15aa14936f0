import { describe, expect, it } from 'vitest';
import { IMPORT_PROVIDERS, type ImportProvider } from '../../src/imports/model.ts';
import { upstreamGraphQLError } from '../../src/graphql/errors.ts';
import { UpstreamError } from '../../src/providers/upstream-error.ts';
import { SailpointRefusal } from '../../src/providers/sailpoint/errors.ts';
import {
  collectVendorExamples,
  exampleName,
  specPaths,
  type VendorExample,
} from '../support/vendor-examples/collect.ts';
import { IMPORT_ENDPOINTS, OTHER_PATHS } from '../support/vendor-examples/endpoints.ts';
import { readExample, type Reading } from './vendor-examples/readers.ts';
import { expectedOutcomeOf, expectedStatusOf } from './vendor-examples/expected-statuses.ts';
import { expectedErrorCode, expectedUpstream } from './vendor-examples/expected-errors.ts';
import { KNOWN_CONTRADICTIONS } from './vendor-examples/known-contradictions.ts';

/**
 * The vendors' own examples judge the adaptors: every response example of an import endpoint in
 * specs/ (README, Vendor simulators; specs/VENDOR-REFERENCE.md) is read through the entry points
 * the vendor's client uses, and must read as the README's status table or error rules say. A new
 * example in a spec file is a new case here.
 */
const EXAMPLES = collectVendorExamples();

/**
 * What the spec files hold today, so a collector that finds nothing cannot pass: Commerce Layer 4
 * (the resource schema's fields, the 2023 list and two documents), SailPoint 70 (two sp-config
 * files and the token file, errors at every endpoint), Fleetio 3 (its transcription has no import
 * body example, only a 400 and the 429 at two endpoints).
 */
const AT_LEAST: Record<ImportProvider, number> = { COMMERCE_LAYER: 4, SAILPOINT: 70, FLEETIO: 3 };

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

const known = (example: VendorExample) => KNOWN_CONTRADICTIONS[`${example.file}#${example.pointer}`];

const asItems = (body: unknown): Record<string, unknown>[] => {
  const data = (body as { data?: unknown }).data;
  const resources = Array.isArray(data) ? data : data === undefined ? [body] : [data];
  return resources.map((resource) => {
    const attributes = (resource as { attributes?: Record<string, unknown> }).attributes;
    return attributes ?? (resource as Record<string, unknown>);
  });
};

function expectAsDocumented(example: VendorExample, reading: Reading, body: unknown): void {
  switch (reading.kind) {
    case 'imports': {
      const items = asItems(body);
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
      expect(reading.records).toHaveLength(
        lists.reduce((sum, entry) => sum + entry.importedObjects!.length, 0),
      );
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

describe('vendor examples read through the adaptors', () => {
  it.each(IMPORT_PROVIDERS)('finds the examples of %s in specs/', (provider) => {
    expect(EXAMPLES.filter((example) => example.provider === provider).length).toBeGreaterThanOrEqual(
      AT_LEAST[provider],
    );
  });

  it('reaches the status check with success bodies of Commerce Layer and SailPoint', () => {
    const checked = EXAMPLES.filter(
      (example) => example.reader !== 'error' && known(example)?.choice !== 'refused',
    );
    expect(new Set(checked.map((example) => example.provider))).toEqual(
      new Set(['COMMERCE_LAYER', 'SAILPOINT']),
    );
  });

  it('knows every path of the OpenAPI files: an import endpoint, or none', () => {
    const unplaced = specPaths().filter(
      ({ provider, path }) => !(path in IMPORT_ENDPOINTS[provider]) && !OTHER_PATHS.includes(path),
    );
    expect(unplaced).toEqual([]);
  });

  it('names only examples that exist in its table of contradictions', () => {
    const names = new Set(EXAMPLES.map((example) => `${example.file}#${example.pointer}`));
    expect(Object.keys(KNOWN_CONTRADICTIONS).filter((key) => !names.has(key))).toEqual([]);
  });

  const cases = EXAMPLES.map((example) => {
    const entry = known(example);
    const note = entry ? ` [contradiction: ${entry.choice}${entry.readAs ? ', and read as meant' : ''}]` : '';
    return [`${exampleName(example)}${note}`, example] as const;
  });

  it.each(cases)('%s', (_name, example) => {
    const entry = known(example);
    if (entry?.choice === 'refused') {
      const refusal = (() => {
        try {
          readExample(example);
        } catch (error) {
          return error;
        }
        return undefined;
      })();
      expect(refusal, 'refused knowingly').toBeInstanceOf(UpstreamError);
      expect(upstreamGraphQLError(refusal as UpstreamError).extensions.code).toBe('UPSTREAM_ERROR');
      expect((refusal as Error).message).toMatch(entry.refusal!);
    } else {
      expectAsDocumented(example, readExample(example), example.body);
    }
    if (entry?.readAs) {
      const body = entry.readAs.body(example.body);
      expectAsDocumented(example, readExample(example, body), body);
    }
  });
});

import { describe, expect, it } from 'vitest';
import { IMPORT_PROVIDERS, type ImportProvider } from '../../src/imports/model.ts';
import { upstreamGraphQLError } from '../../src/graphql/errors.ts';
import { UpstreamError } from '../../src/providers/http/upstream-error.ts';
import {
  collectVendorExamples,
  exampleName,
  specPaths,
  type VendorExample,
} from '../support/vendor-examples/collect.ts';
import { IMPORT_ENDPOINTS, OTHER_PATHS } from '../support/vendor-examples/endpoints.ts';
import { readExample } from './vendor-examples/readers.ts';
import { expectAsDocumented } from './vendor-examples/as-documented.ts';
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

const known = (example: VendorExample) => KNOWN_CONTRADICTIONS[`${example.file}#${example.pointer}`];

describe('vendor examples read through the adaptors', () => {
  it.each(IMPORT_PROVIDERS)('finds the examples of %s in specs/', (provider) => {
    expect(EXAMPLES.filter((example) => example.provider === provider).length).toBeGreaterThanOrEqual(
      AT_LEAST[provider],
    );
  });

  it('reaches the status check with success bodies of Commerce Layer and SailPoint', () => {
    const checked = EXAMPLES.filter(
      (example) =>
        example.reader !== 'error' && example.reader !== 'unplaced' && known(example)?.choice !== 'refused',
    );
    expect(checked.map((example) => example.provider)).toEqual(
      expect.arrayContaining(['COMMERCE_LAYER', 'SAILPOINT']),
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

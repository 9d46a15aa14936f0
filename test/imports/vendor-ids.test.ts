import { describe, expect, it } from 'vitest';
import { encodeImportId, InvalidGlobalIdError } from '../../src/imports/global-id.ts';
import { COMMERCE_LAYER_IMPORT_IDS } from '../../src/providers/commercelayer/ids.ts';
import { FLEETIO_IMPORT_IDS } from '../../src/providers/fleetio/ids.ts';
import type { ImportSource } from '../../src/imports/import-source.ts';
import { ProviderSet } from '../../src/imports/provider-info.ts';
import { SAILPOINT_JOB_IDS } from '../../src/providers/sailpoint/ids.ts';
import { checkImportId, vendorIdProblem } from '../../src/imports/vendor-ids.ts';
import { ResourceIds } from '../../src/simulators/commercelayer/ids.ts';
import { SeededRandom } from '../../src/simulators/core/random.ts';
import { seedImports } from '../../src/simulators/fleetio/seed.ts';
import { newJobId } from '../../src/simulators/sailpoint/ids.ts';

/** Never an id of any vendor: they move a path, split a list, or are no id at all. */
const NEVER = [
  '',
  '.',
  '..',
  'a/b',
  '../imports',
  '%2e%2e',
  'a,b',
  'a b',
  ' 1',
  'a?b',
  'a#b',
  'a\\b',
  'é',
  '\u0000',
];

describe('vendor id formats', () => {
  it('Fleetio: 1 to 15 digits, as the records path requires ^[0-9]+$', () => {
    for (const id of ['0', '1', '31007', '9'.repeat(15)]) expect(FLEETIO_IMPORT_IDS.accepts(id)).toBe(true);
    for (const id of [...NEVER, '9'.repeat(16), 'abc', '12a', '-1', '1.5', '１２'])
      expect(FLEETIO_IMPORT_IDS.accepts(id), id).toBe(false);
  });

  it('SailPoint: letters, digits and dashes up to 64, so both of its example forms pass', () => {
    const accepted = [
      '4fb10503-1c49-4603-8f8d-886e1f6aa47b',
      'ef38f94347e94562b5bb8424a56397d8',
      'EF38F94347E94562B5BB8424A56397D8',
      '2c91808c746e9c9601747d6507332ecz',
      'a'.repeat(64),
    ];
    for (const id of accepted) expect(SAILPOINT_JOB_IDS.accepts(id), id).toBe(true);
    for (const id of [...NEVER, 'a'.repeat(65), 'job_1', 'job.1'])
      expect(SAILPOINT_JOB_IDS.accepts(id), id).toBe(false);
  });

  it('Commerce Layer: letters and digits up to 64, not only the ten letters of its examples', () => {
    for (const id of ['XAyRWNUzyN', 'xYZkjABcde', 'a', 'Ab12', 'z'.repeat(64)])
      expect(COMMERCE_LAYER_IMPORT_IDS.accepts(id), id).toBe(true);
    for (const id of [...NEVER, 'z'.repeat(65), 'ab-cd', 'ab_cd'])
      expect(COMMERCE_LAYER_IMPORT_IDS.accepts(id), id).toBe(false);
  });

  it("accepts every id the simulators' generators make", () => {
    const random = new SeededRandom(7, 'ids-test');
    for (let index = 0; index < 200; index++) expect(SAILPOINT_JOB_IDS.accepts(newJobId(random))).toBe(true);
    const resources = new ResourceIds(7);
    for (let index = 0; index < 200; index++)
      expect(COMMERCE_LAYER_IMPORT_IDS.accepts(resources.next())).toBe(true);
    const fleetio = seedImports(7, 200, Date.UTC(2026, 0, 1));
    expect(fleetio.length).toBeGreaterThan(0);
    for (const { item } of fleetio) expect(FLEETIO_IMPORT_IDS.accepts(String(item.id))).toBe(true);
  });

  it('says which provider and what its ids look like, the id quoted and cut short', () => {
    expect(vendorIdProblem(FLEETIO_IMPORT_IDS, '31007')).toBeUndefined();
    expect(vendorIdProblem(FLEETIO_IMPORT_IDS, '..')).toBe(
      '".." is not a Fleetio import id: Fleetio import ids are 1 to 15 digits, e.g. 31007.',
    );
    expect(vendorIdProblem(SAILPOINT_JOB_IDS, 'x'.repeat(500))).toBe(
      `"${'x'.repeat(40)}…" is not a SailPoint import job id: SailPoint import job ids are letters, digits and dashes (at most 64), e.g. 4fb10503-1c49-4603-8f8d-886e1f6aa47b.`,
    );
    expect(vendorIdProblem(COMMERCE_LAYER_IMPORT_IDS, 'a\nb', true)).toBe(
      'This id was not issued by this API: it names Commerce Layer import id "a\\nb", and Commerce Layer import ids are letters and digits (at most 64), e.g. XAyRWNUzyN.',
    );
  });
});

describe('global ids checked against their provider', () => {
  const source = (provider: ImportSource['provider'], ids: ImportSource['ids']) =>
    ({ provider, ids }) as unknown as ImportSource;
  const providers = new ProviderSet([
    source('FLEETIO', FLEETIO_IMPORT_IDS),
    source('COMMERCE_LAYER', COMMERCE_LAYER_IMPORT_IDS),
  ]);
  const globalId = (provider: ImportSource['provider'], providerId: string) =>
    encodeImportId({ provider, providerId, createdAt: new Date(1_700_000_000_000) });

  it('passes an id of the right shape', () => {
    expect(checkImportId(globalId('FLEETIO', '31007'), providers)).toEqual({
      provider: 'FLEETIO',
      providerId: '31007',
      createdAt: 1_700_000_000_000,
    });
  });

  it('refuses a forged vendor id as an id this API did not issue', () => {
    for (const [provider, providerId] of [
      ['FLEETIO', '..'],
      ['FLEETIO', 'abc'],
      ['COMMERCE_LAYER', '.'],
      ['COMMERCE_LAYER', 'a/b'],
    ] as const) {
      expect(() => checkImportId(globalId(provider, providerId), providers)).toThrow(InvalidGlobalIdError);
      expect(() => checkImportId(globalId(provider, providerId), providers)).toThrow(
        /^This id was not issued by this API: it names (Fleetio|Commerce Layer) import id/,
      );
    }
  });

  it('leaves an id of a provider that is not enabled to the caller (nothing to call)', () => {
    expect(checkImportId(globalId('SAILPOINT', '..'), providers).providerId).toBe('..');
  });
});

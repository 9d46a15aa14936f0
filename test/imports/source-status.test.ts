import { describe, expect, it } from 'vitest';
import { ProviderFailure } from '../../src/imports/failures.ts';
import { sourceStatuses, totalCountPrecision } from '../../src/imports/source-status.ts';

const KNOWN = ['FLEETIO', 'SAILPOINT', 'COMMERCE_LAYER'] as const;

describe('sourceStatuses', () => {
  const failure = new ProviderFailure('SAILPOINT', 'unavailable', 'SailPoint did not answer.');

  it('lists every known provider in order: DISABLED without a source, FAILED with its failure, else OK', () => {
    expect(
      sourceStatuses({
        known: KNOWN,
        enabled: new Set(['SAILPOINT', 'COMMERCE_LAYER']),
        failures: [failure],
      }),
    ).toEqual([
      { provider: 'FLEETIO', state: 'DISABLED' },
      { provider: 'SAILPOINT', state: 'FAILED', failure },
      { provider: 'COMMERCE_LAYER', state: 'OK' },
    ]);
  });

  it('says INCOMPLETE for a provider whose check stopped after a few vendor pages, unless it failed', () => {
    expect(
      sourceStatuses({
        known: KNOWN,
        enabled: new Set(KNOWN),
        failures: [failure],
        incomplete: new Set(['SAILPOINT', 'COMMERCE_LAYER']),
      }).map((status) => status.state),
    ).toEqual(['OK', 'FAILED', 'INCOMPLETE']);
  });

  it('leaves out what the providers filter leaves out, disabled or not, in the known order', () => {
    const statuses = sourceStatuses({
      known: KNOWN,
      enabled: new Set(['SAILPOINT', 'COMMERCE_LAYER']),
      requested: ['COMMERCE_LAYER', 'FLEETIO'],
      failures: [],
    });
    expect(statuses.map(({ provider, state }) => [provider, state])).toEqual([
      ['FLEETIO', 'DISABLED'],
      ['COMMERCE_LAYER', 'OK'],
    ]);
  });
});

describe('totalCountPrecision', () => {
  it.each([
    [{ count: 3, estimate: false }, false, 'EXACT'],
    [{ count: 3, estimate: true }, false, 'APPROXIMATE'],
    [{ count: 500, estimate: true, lowerBound: true }, false, 'AT_LEAST'],
    [{ count: 3, estimate: false }, true, 'AT_LEAST'],
    [{ count: 3, estimate: true }, true, 'AT_LEAST'],
  ] as const)('%j, a provider failed: %s → %s', (count, failed, precision) => {
    expect(totalCountPrecision(count, failed)).toBe(precision);
  });
});

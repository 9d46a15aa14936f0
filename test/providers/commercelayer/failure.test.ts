import { describe, expect, it } from 'vitest';
import { importFromCommerceLayer } from '../../../src/providers/commercelayer/map.ts';
import type { CommerceLayerImportAttributes } from '../../../src/providers/commercelayer/wire.ts';

const resource = (attributes: Partial<CommerceLayerImportAttributes>) => ({
  id: 'XAyRWNUzyN',
  type: 'imports' as const,
  attributes: {
    status: 'completed',
    resource_type: 'skus',
    format: 'json',
    created_at: '2026-11-01T10:00:00.000Z',
    updated_at: '2026-11-01T10:05:00.000Z',
    started_at: '2026-11-01T10:00:03.000Z',
    completed_at: null,
    interrupted_at: null,
    inputs_size: 200,
    processed_count: 190,
    errors_count: 0,
    warnings_count: 0,
    ...attributes,
  },
});

describe('Commerce Layer map: Import.failure (README, Import failures)', () => {
  it.each([
    ['pending', 0, 0, null],
    ['in_progress', 5, 1, null],
    ['completed', 200, 0, null],
    ['completed', 150, 50, 'REJECTED_BY_VENDOR'],
    ['completed', 0, 200, 'REJECTED_BY_VENDOR'],
    ['interrupted', 20, 30, 'ERROR_THRESHOLD_REACHED'],
    ['interrupted', 0, 30, 'ERROR_THRESHOLD_REACHED'],
  ] as const)('%s with %i processed and %i errors: %s', (status, processed, errors, code) => {
    const item = importFromCommerceLayer(
      resource({ status, processed_count: processed, errors_count: errors }),
    );
    expect(item.failure).toEqual(code === null ? null : { code, message: null });
  });

  it('reads an interruption the gateway sent as INTERRUPTED, not the error threshold', () => {
    const item = importFromCommerceLayer(resource({ status: 'interrupted', processed_count: 20 }), {
      interruptedByGateway: true,
    });
    expect(item).toMatchObject({ status: 'CANCELLED', failure: { code: 'INTERRUPTED', message: null } });
  });

  it('gives no failure to a status it does not know', () => {
    expect(importFromCommerceLayer(resource({ status: 'archived' })).failure).toBeNull();
  });
});

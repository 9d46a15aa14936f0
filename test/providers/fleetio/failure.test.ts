import { describe, expect, it } from 'vitest';
import { FLEETIO_STATUSES, importFromFleetio } from '../../../src/providers/fleetio/map.ts';

const wire = (status: string) => ({
  id: 36_120,
  type: 'VehicleImport',
  status,
  file_name: 'vehicles.csv',
  created_at: '2026-11-02T03:00:00.000-06:00',
  updated_at: '2026-11-02T03:01:30.250-06:00',
  completed_at: null,
});

describe('Fleetio map: Import.failure (README, Import failures)', () => {
  it.each([
    ['partially_complete', 'REJECTED_BY_VENDOR'],
    ['unsupported', 'REJECTED_BY_VENDOR'],
    ['failed', 'VENDOR_ERROR'],
    ['incomplete', 'UNKNOWN'],
  ])('%s has failure %s, with no message (the list carries none)', (status, code) => {
    expect(importFromFleetio(wire(status)).failure).toEqual({ code, message: null });
  });

  it('sets a failure exactly on FAILED, CANCELLED and PARTIALLY_SUCCEEDED, for every known status', () => {
    for (const [raw, mapped] of Object.entries(FLEETIO_STATUSES)) {
      const failing = ['FAILED', 'CANCELLED', 'PARTIALLY_SUCCEEDED'].includes(mapped.status);
      expect(importFromFleetio(wire(raw)).failure !== null, raw).toBe(failing);
    }
  });

  it('gives no failure to a status it does not know', () => {
    expect(importFromFleetio(wire('archived')).failure).toBeNull();
  });
});

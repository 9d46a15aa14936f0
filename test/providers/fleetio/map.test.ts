import { describe, expect, test } from 'vitest';
import {
  fleetioStatusesFor,
  importFromFleetio,
  mapFleetioStatus,
} from '../../../src/providers/fleetio/map.ts';
import {
  parseFleetioTime,
  readImportPage,
  type FleetioImportWire,
} from '../../../src/providers/fleetio/wire.ts';

const wire = (overrides: Partial<FleetioImportWire> = {}): FleetioImportWire => ({
  id: 36_120,
  type: 'VehicleImport',
  status: 'complete',
  file_name: 'Vehicles - Oct 2026.XLSX',
  created_at: '2026-11-02T03:00:00.000-06:00',
  updated_at: '2026-11-02T03:01:30.250-06:00',
  completed_at: '2026-11-02T03:01:30.250-06:00',
  ...overrides,
});

describe('Fleetio map: statuses (specs/VENDOR-REFERENCE.md §4)', () => {
  test.each([
    ['new', 'PENDING', false, 0],
    ['queued', 'PENDING', false, 0],
    ['processing', 'RUNNING', false, null],
    ['complete', 'SUCCEEDED', true, 1],
    ['partially_complete', 'PARTIALLY_SUCCEEDED', true, 1],
    ['failed', 'FAILED', true, null],
    ['incomplete', 'FAILED', true, null],
    ['unsupported', 'FAILED', true, null],
    ['rolling_back', 'ROLLING_BACK', false, null],
    ['rolled_back', 'ROLLED_BACK', true, null],
  ])('%s is %s, terminal %s, progress %s', (raw, status, terminal, progress) => {
    expect(importFromFleetio(wire({ status: raw }))).toMatchObject({
      status,
      terminal,
      progress,
      providerStatus: raw,
    });
  });

  test('an unknown status passes through raw, as RUNNING and not terminal', () => {
    for (const raw of ['archived', 'COMPLETE', 'constructor', '__proto__']) {
      expect(importFromFleetio(wire({ status: raw }))).toMatchObject({
        status: 'RUNNING',
        terminal: false,
        progress: null,
        providerStatus: raw,
      });
    }
    expect(mapFleetioStatus('toString').status).toBe('RUNNING');
  });

  test('normalized statuses map back to every Fleetio status behind them', () => {
    expect(fleetioStatusesFor(['FAILED'])).toEqual(['failed', 'incomplete', 'unsupported']);
    expect(fleetioStatusesFor(['PENDING', 'ROLLED_BACK'])).toEqual(['new', 'queued', 'rolled_back']);
    expect(fleetioStatusesFor(['CANCELLED'])).toEqual([]);
  });
});

describe('Fleetio map: fields', () => {
  test('a whole import', () => {
    expect(importFromFleetio(wire())).toEqual({
      provider: 'FLEETIO',
      providerId: '36120',
      status: 'SUCCEEDED',
      providerStatus: 'complete',
      terminal: true,
      resourceType: 'VehicleImport',
      fileName: 'Vehicles - Oct 2026.XLSX',
      format: 'xlsx',
      createdAt: new Date('2026-11-02T09:00:00.000Z'),
      updatedAt: new Date('2026-11-02T09:01:30.250Z'),
      startedAt: null,
      completedAt: new Date('2026-11-02T09:01:30.250Z'),
      // Rollback is offered for 24 hours after completion (specs/VENDOR-REFERENCE.md §1.4).
      changeableUntil: new Date('2026-11-03T09:01:30.250Z'),
      counts: { total: null, processed: null, errors: null, warnings: null },
      progress: 1,
      failure: null,
    });
  });

  test('changeableUntil: completed_at + 24 h where a rollback may come, null where nothing can change it', () => {
    const day = 24 * 3_600_000;
    const completed = Date.parse('2026-11-02T09:01:30.250Z');
    for (const status of ['complete', 'partially_complete']) {
      expect(importFromFleetio(wire({ status })).changeableUntil?.getTime(), status).toBe(completed + day);
    }
    // Without completed_at, the last update is the latest it can have completed.
    const late = wire({ completed_at: null, updated_at: '2026-11-02T03:05:00.000-06:00' });
    expect(importFromFleetio(late).changeableUntil?.getTime()).toBe(Date.parse('2026-11-02T09:05:00Z') + day);
    for (const status of [
      'new',
      'queued',
      'processing',
      'failed',
      'incomplete',
      'unsupported',
      'rolling_back',
      'rolled_back',
      'something_new',
    ]) {
      expect(importFromFleetio(wire({ status })).changeableUntil, status).toBeNull();
    }
  });

  test('no file name, no extension, no completion', () => {
    expect(importFromFleetio(wire({ file_name: null, completed_at: null }))).toMatchObject({
      fileName: null,
      format: null,
      completedAt: null,
    });
    expect(importFromFleetio(wire({ file_name: 'fuel entries' })).format).toBeNull();
  });

  test('timestamps: any offset, Z, seconds only, digits past the millisecond cut', () => {
    expect(parseFleetioTime('2026-11-02T03:00:00.000-06:00')).toBe(Date.parse('2026-11-02T09:00:00.000Z'));
    expect(parseFleetioTime('2026-07-02T03:00:00.123-05:00')).toBe(Date.parse('2026-07-02T08:00:00.123Z'));
    expect(parseFleetioTime('2026-11-02T09:00:00Z')).toBe(Date.parse('2026-11-02T09:00:00.000Z'));
    expect(parseFleetioTime('2026-11-02T09:00:00.123999+01:00')).toBe(Date.parse('2026-11-02T08:00:00.123Z'));
    expect(parseFleetioTime('2026-11-02T09:00:00.5Z')).toBe(Date.parse('2026-11-02T09:00:00.500Z'));
    for (const bad of [
      '2026-11-02',
      '2026-11-02 09:00:00Z',
      '2026-11-02T09:00:00',
      '2026-13-02T09:00:00Z',
      '',
    ]) {
      expect(parseFleetioTime(bad), bad).toBeUndefined();
    }
  });
});

describe('Fleetio wire: what a List Imports body must look like', () => {
  const page = (records: unknown[], extra: Record<string, unknown> = {}) => ({
    start_cursor: null,
    next_cursor: 'abc',
    per_page: 2,
    estimated_remaining_count: 12,
    records,
    ...extra,
  });

  test('a good page', () => {
    expect(readImportPage(page([wire()]))).toEqual({
      next_cursor: 'abc',
      estimated_remaining_count: 12,
      records: [wire()],
    });
  });

  test.each([
    ['not an object', [], 'the body is not an object'],
    ['records missing', { next_cursor: null }, 'records is not an array'],
    ['bad cursor', page([], { next_cursor: 5 }), 'next_cursor is not a string or null'],
    [
      'bad count',
      page([], { estimated_remaining_count: '12' }),
      'estimated_remaining_count is not a whole number',
    ],
    ['record not an object', page([wire(), 'x']), 'records[1] is not an object'],
    ['id as a string', page([{ ...wire(), id: '36120' }]), 'records[0].id is not a whole number'],
    ['no status', page([{ ...wire(), status: undefined }]), 'records[0].status is not a string'],
    ['no type', page([{ ...wire(), type: null }]), 'records[0].type is not a string'],
    ['bad time', page([{ ...wire(), created_at: 'yesterday' }]), 'records[0].created_at is not a date-time'],
    ['missing time', page([{ ...wire(), updated_at: null }]), 'records[0].updated_at is not a date-time'],
    ['file name a number', page([{ ...wire(), file_name: 3 }]), 'records[0].file_name is not a string'],
  ])('%s is refused', (_label, body, message) => {
    expect(() => readImportPage(body)).toThrow(message);
  });
});

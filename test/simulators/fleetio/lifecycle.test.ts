import { describe, expect, test } from 'vitest';
import { fleetioSimulator } from '../../../src/simulators/fleetio/index.ts';
import { useSimulator } from '../../support/simulators.ts';
import { call, walk, type CursorPage, type ImportRecord } from './fleetio-http.ts';

const TERMINAL = new Set([
  'complete',
  'partially_complete',
  'failed',
  'incomplete',
  'unsupported',
  'rolled_back',
]);
/**
 * The moves an import may make (specs/VENDOR-REFERENCE.md §1: queued → processing → outcome;
 * rollback of a complete one).
 */
const NEXT: Record<string, string[]> = {
  new: ['queued', 'unsupported'],
  queued: ['processing'],
  processing: ['complete', 'partially_complete', 'failed', 'incomplete'],
  complete: ['rolling_back'],
  rolling_back: ['rolled_back'],
};
const FIVE_MINUTES = 300_000;
const STEP = 1_000;

interface Observation {
  status: string;
  updated_at: string;
  completed_at: string | null;
  seenAt: number;
}

describe('Fleetio simulator: import lifecycle under the manual clock', () => {
  const sim = useSimulator(fleetioSimulator, { imports: 8, rateLimits: false });

  test('every import moves status by status to a terminal one within 5 simulated minutes', async () => {
    const seeded = await sim.control<ImportRecord[]>('GET', '/__sim/imports');
    const added: ImportRecord[] = [];
    for (const status of ['new', 'new', 'new', 'new', 'new', 'new', 'queued', 'processing', 'rolling_back']) {
      added.push(await sim.control<ImportRecord>('POST', '/__sim/imports', { status }));
    }
    const watched = [...seeded.filter((item) => !TERMINAL.has(item.status)), ...added];
    expect(seeded.filter((item) => !TERMINAL.has(item.status)).map((item) => item.status)).toEqual([
      'rolling_back',
      'processing',
      'queued',
      'new',
    ]);
    const start = Date.parse((await sim.control<{ now: string }>('GET', '/__sim/clock')).now);
    const history = new Map<number, Observation[]>(watched.map((item) => [item.id, []]));
    for (let elapsed = 0; elapsed <= FIVE_MINUTES; elapsed += STEP) {
      if (elapsed > 0) await sim.advance(STEP);
      const now = await sim.control<ImportRecord[]>('GET', '/__sim/imports');
      for (const item of now) {
        const seen = history.get(item.id);
        if (seen && seen[seen.length - 1]?.status !== item.status) {
          seen.push({
            status: item.status,
            updated_at: item.updated_at,
            completed_at: item.completed_at,
            seenAt: start + elapsed,
          });
        }
      }
    }
    const paths = new Set<string>();
    for (const [id, seen] of history) {
      const statuses = seen.map((observation) => observation.status);
      paths.add(statuses.join('>'));
      expect(TERMINAL.has(statuses[statuses.length - 1]!), `${id}: ${statuses.join(' > ')}`).toBe(true);
      for (let index = 1; index < seen.length; index++) {
        const [before, after] = [seen[index - 1]!, seen[index]!];
        expect(NEXT[before.status], `${id}: ${statuses.join(' > ')}`).toContain(after.status);
        // updated_at is the instant of the change: after the previous one, not after it was seen.
        expect(Date.parse(after.updated_at)).toBeGreaterThan(Date.parse(before.updated_at));
        expect(Date.parse(after.updated_at)).toBeLessThanOrEqual(after.seenAt);
        expect(Date.parse(after.updated_at)).toBeGreaterThan(after.seenAt - STEP);
        if (['complete', 'partially_complete', 'failed'].includes(after.status)) {
          expect(after.completed_at).toBe(after.updated_at);
        }
      }
    }
    // The runs from `new` show each status in turn.
    expect(
      [...paths].some((path) =>
        /^new>queued>processing>(complete|partially_complete|failed|incomplete)/.test(path),
      ),
    ).toBe(true);
    expect([...paths].some((path) => path.endsWith('rolling_back>rolled_back'))).toBe(true);
  });

  test('the list API shows the same statuses and timestamps as the ground truth', async () => {
    const truth = await sim.control<ImportRecord[]>('GET', '/__sim/imports');
    const { records } = await walk<ImportRecord>(`${sim.url}/api/v1/imports`, 'per_page=100&sort[id]=asc');
    expect(records).toEqual(truth);
  });

  test('row results fill in while an import is processing', async () => {
    const item = await sim.control<ImportRecord>('POST', '/__sim/imports', {
      status: 'processing',
      file_size: '60000',
    });
    const results = async () =>
      (await call(`${sim.url}/api/imports/${item.id}/results?per_page=100&sort[id]=asc`)).body as CursorPage<{
        status: string;
        updated_at: string;
      }>;
    const first = await results();
    expect(first.records.every((row) => row.status === 'pending')).toBe(true);
    const done: number[] = [];
    let current = item;
    for (let elapsed = 0; elapsed < FIVE_MINUTES && !TERMINAL.has(current.status); elapsed += 5_000) {
      await sim.advance(5_000);
      const page = await results();
      done.push(page.records.filter((row) => row.status !== 'pending').length);
      current = (await sim.control<ImportRecord[]>('GET', '/__sim/imports')).find(
        (candidate) => candidate.id === item.id,
      )!;
    }
    expect(TERMINAL.has(current.status)).toBe(true);
    // Processed rows only grow, and some were seen half-way.
    expect(done).toEqual([...done].sort((a, b) => a - b));
    expect(done.some((count) => count > 0 && count < first.records.length)).toBe(true);
  });
});

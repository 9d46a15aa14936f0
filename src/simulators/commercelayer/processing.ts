import { evaluateInput } from './input-outcome.ts';
import { ERROR_THRESHOLD, type ImportRecord } from './model.ts';

export type ChunkResult = 'running' | 'completed' | 'interrupted';

/**
 * Whether the errors so far end the import: the docs interrupt an import whose `errors_count`
 * passes 10 % of its inputs, unless `skip_errors` (resource schema) turns that off.
 */
function overThreshold(record: ImportRecord): boolean {
  return !record.skip_errors && record.errors_count > ERROR_THRESHOLD * record.inputs_size;
}

/**
 * Processes up to `count` inputs from where the import stands. The position is
 * `processed_count + errors_count`: the docs name that sum as the index where an interrupted
 * import stopped, so both counts move one input at a time, and the check runs after each.
 */
export function processChunk(record: ImportRecord, count: number): ChunkResult {
  const work = record.work;
  if (!work) return 'completed';
  let position = record.processed_count + record.errors_count;
  const end = Math.min(record.inputs_size, position + count);
  for (; position < end; position++) {
    const outcome = evaluateInput(work.inputs[position] ?? {}, record.resource_type, work.seenKeys);
    if (outcome.kind === 'error') {
      record.errors_count += 1;
      const logged = (record.errors_log[outcome.key] ??= {});
      for (const [attribute, messages] of Object.entries(outcome.errors)) {
        logged[attribute] = [...(logged[attribute] ?? []), ...messages];
      }
      if (overThreshold(record)) return 'interrupted';
    } else {
      record.processed_count += 1;
      if (outcome.warning) {
        record.warnings_count += 1;
        record.warnings_log[outcome.key] = [...(record.warnings_log[outcome.key] ?? []), outcome.warning];
      }
    }
  }
  return position >= record.inputs_size ? 'completed' : 'running';
}

/** How many inputs a progress step handles so the whole run takes `durationSeconds`. */
export function chunkFor(remaining: number, durationSeconds: number, intervalSeconds: number): number {
  const steps = Math.max(1, Math.ceil(durationSeconds / intervalSeconds));
  return Math.max(1, Math.ceil(remaining / steps));
}

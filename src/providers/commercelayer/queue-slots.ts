import { problem, type InputProblem } from '../../imports/import-operations.ts';
import type { CommerceLayerClient } from './client.ts';
import type { PlannedImport } from './create-plan.ts';
import { MAX_INPUTS_PER_IMPORT, MAX_QUEUED_IMPORTS } from './import-limits.ts';
import { MAPPED_ATTRIBUTES } from './wire.ts';

/**
 * How many imports can start now: MAX_QUEUED_IMPORTS minus those pending or in progress, read
 * with one list request (its `meta.record_count`; one import per page is the least it sends).
 */
export async function freeQueueSlots(client: CommerceLayerClient, signal?: AbortSignal): Promise<number> {
  const busy = await client.listImports(
    [
      ['filter[q][status_in]', 'pending,in_progress'],
      ['page[size]', '1'],
      ['fields[imports]', MAPPED_ATTRIBUTES.join(',')],
    ],
    signal,
  );
  return Math.max(0, MAX_QUEUED_IMPORTS - busy.meta.record_count);
}

/**
 * A split creation is checked against the vendor's queue before its first part is sent: parts
 * beyond the free slots would wait in the vendor's queue or be refused midway (undocumented,
 * specs/VENDOR-REFERENCE.md §3.4), leaving a half-created split. So one that does not fit is
 * refused whole, saying how many parts fit now. `waiting` are the parts not created yet (a retry
 * under an idempotency key needs slots for those only).
 */
export function queueProblem(waiting: readonly PlannedImport[], free: number): InputProblem | undefined {
  if (waiting.length <= free) return undefined;
  const fit =
    free === 0
      ? 'no part fits now'
      : `${free} of the ${waiting.length} parts fit now (${free * MAX_INPUTS_PER_IMPORT} inputs)`;
  return problem(
    'BAD_USER_INPUT',
    `Commerce Layer runs at most ${MAX_QUEUED_IMPORTS} imports at a time and ${MAX_QUEUED_IMPORTS - free} are pending or in progress: ${fit}. This call created nothing; retry when imports have finished, or send fewer inputs.`,
    ['inputs'],
  );
}

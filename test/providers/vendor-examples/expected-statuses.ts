import type { ImportProvider, ImportStatus } from '../../../src/imports/model.ts';

/**
 * The README's "Status mapping" table written out again, independently of the adaptors' own
 * mapping functions: what each example's own vendor status must read as. Counts and logs are
 * read from the example itself.
 */
export interface ExpectedStatus {
  status: ImportStatus;
  terminal: boolean;
}

type Attributes = Record<string, unknown>;

const PENDING = { status: 'PENDING', terminal: false } as const;
const RUNNING = { status: 'RUNNING', terminal: false } as const;
const ended = (status: ImportStatus): ExpectedStatus => ({ status, terminal: true });
const nonEmpty = (log: unknown) => typeof log === 'object' && log !== null && Object.keys(log).length > 0;

const FLEETIO: Record<string, ExpectedStatus> = {
  new: PENDING,
  queued: PENDING,
  processing: RUNNING,
  complete: ended('SUCCEEDED'),
  partially_complete: ended('PARTIALLY_SUCCEEDED'),
  failed: ended('FAILED'),
  incomplete: ended('FAILED'),
  unsupported: ended('FAILED'),
  rolling_back: { status: 'ROLLING_BACK', terminal: false },
  rolled_back: ended('ROLLED_BACK'),
};

/** SailPoint's status call alone: COMPLETE reads SUCCEEDED until its download says otherwise. */
const SAILPOINT: Record<string, ExpectedStatus> = {
  NOT_STARTED: PENDING,
  IN_PROGRESS: RUNNING,
  COMPLETE: ended('SUCCEEDED'),
  FAILED: ended('FAILED'),
  CANCELLED: ended('CANCELLED'),
};

/** Commerce Layer rows; `interrupted` as the vendor's own stop (the gateway interrupted nothing here). */
function commerceLayer(attributes: Attributes): ExpectedStatus {
  const errors = attributes.errors_count;
  const processed = attributes.processed_count;
  switch (attributes.status) {
    case 'pending':
      return PENDING;
    case 'in_progress':
      return RUNNING;
    case 'completed':
      if (errors === 0) return ended('SUCCEEDED');
      if (errors === null || errors === undefined) {
        return ended(nonEmpty(attributes.errors_log) ? 'PARTIALLY_SUCCEEDED' : 'SUCCEEDED');
      }
      return ended(processed === 0 ? 'FAILED' : 'PARTIALLY_SUCCEEDED');
    case 'interrupted':
      return ended(processed === 0 ? 'FAILED' : 'PARTIALLY_SUCCEEDED');
    default:
      return RUNNING;
  }
}

/** The expected reading of one import object of an example (a resource's attributes, a job, a record). */
export function expectedStatusOf(provider: ImportProvider, item: Attributes): ExpectedStatus {
  const raw = String(item.status);
  if (provider === 'COMMERCE_LAYER') return commerceLayer(item);
  const table = provider === 'FLEETIO' ? FLEETIO : SAILPOINT;
  // Any other value: RUNNING, not terminal (the table's last row).
  return Object.hasOwn(table, raw) ? table[raw]! : RUNNING;
}

/**
 * A SailPoint results download: no error is SUCCEEDED, errors with something imported
 * PARTIALLY_SUCCEEDED, errors and nothing imported FAILED (README, COMPLETE rows).
 */
export function expectedOutcomeOf(results: Record<string, Record<string, unknown[]>>): ImportStatus {
  const lists = Object.values(results);
  const errors = lists.reduce((sum, entry) => sum + entry.errors!.length, 0);
  const imported = lists.reduce((sum, entry) => sum + entry.importedObjects!.length, 0);
  if (errors === 0) return 'SUCCEEDED';
  return imported > 0 ? 'PARTIALLY_SUCCEEDED' : 'FAILED';
}

import type { Import } from '../../src/imports/model.ts';

/** A running Commerce Layer import updated at `updatedAt` (ms), with any fields changed. */
export function importAt(updatedAt: number, changes: Partial<Import> = {}): Import {
  return {
    provider: 'COMMERCE_LAYER',
    providerId: 'AbCdEf',
    status: 'RUNNING',
    providerStatus: 'in_progress',
    terminal: false,
    resourceType: 'skus',
    fileName: null,
    format: 'json',
    createdAt: new Date(1_000),
    updatedAt: new Date(updatedAt),
    startedAt: new Date(1_500),
    completedAt: null,
    counts: { total: 10, processed: 2, errors: 0, warnings: 0 },
    progress: 0.2,
    ...changes,
  };
}

import type { Import, ImportProvider } from '../imports/model.ts';
import type { CreationLedger } from '../imports/creation-ledger.ts';
import { underKey } from './idempotent-create.ts';
import { ImportOperationError, type InputProblem } from '../imports/import-operations.ts';
import { providerLabel } from '../imports/provider-labels.ts';

const field = ['idempotencyKey'];

function refused(message: string): ImportOperationError {
  return new ImportOperationError('BAD_USER_INPUT', message, field);
}

function raise(problem: InputProblem): never {
  throw new ImportOperationError(problem.code, problem.message, problem.field);
}

/**
 * Settles an idempotency key whose one creation was sent but never answered, for a vendor that
 * cannot be searched for what was sent (SailPoint [S]): until then every retry under the key can
 * only say the job may exist. The caller, having found the job, registers it with `trackImport`
 * and the key, and from then on the key answers that job. The key is checked before the job is
 * read: it must have been used with this provider for one import, and not answer another import
 * already. A job the vendor does not know leaves the key as it was.
 */
export function trackUnderKey(
  ledger: CreationLedger,
  provider: ImportProvider,
  key: string,
  providerId: string,
  track: () => Promise<Import | undefined>,
  options: { now: () => number; signal?: AbortSignal },
): Promise<Import | undefined> {
  return underKey(
    { ledger, provider, key, now: options.now, signal: options.signal },
    async (keyHash) => {
      const parts = [...((await ledger.find(keyHash))?.parts.values() ?? [])];
      if (parts.length === 0) {
        throw refused(
          `No ${providerLabel(provider)} createImport call used this idempotencyKey, so there is no creation to settle: register the job without it.`,
        );
      }
      const answered = parts.find((part) => part.state === 'created')?.item;
      if (answered) {
        // Registering the job the key already answers again is harmless: it reads it afresh.
        if (answered.providerId === providerId) return track();
        throw refused(
          `This idempotencyKey already answers import ${answered.providerId}; it cannot answer another one.`,
        );
      }
      if (parts.length !== 1) {
        throw refused(
          'This idempotencyKey belongs to a creation of several imports, which trackImport cannot settle.',
        );
      }
      const item = await track();
      if (!item) return undefined;
      await ledger.created(keyHash, parts[0]!.part, item, options.now());
      await ledger.complete(keyHash, options.now());
      return item;
    },
    raise,
  );
}

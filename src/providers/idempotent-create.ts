import { createHash, randomUUID } from 'node:crypto';
import { IMPORT_PROVIDERS, type Import, type ImportProvider } from '../imports/model.ts';
import type { CreationLedger, CreationPart } from '../imports/creation-ledger.ts';
import {
  problem,
  type CreateImportRequest,
  type CreateOutcome,
  type InputProblem,
} from '../imports/import-operations.ts';
import { providerLabel } from '../imports/provider-labels.ts';
import { callerOf } from '../signal-caller.ts';

/**
 * What a creating adaptor writes down about the vendor imports (parts) of one createImport call.
 * With an idempotency key it is the durable ledger; without one it lives for the call only, so the
 * adaptor can still find an import whose creation answer was lost instead of sending it again.
 */
export interface CreationJournal {
  /** Identifies this creation in the vendor: the key's hash, or a random id for an unkeyed call. */
  readonly tag: string;
  readonly keyed: boolean;
  part(part: number): Promise<CreationPart | undefined>;
  sending(part: number): Promise<void>;
  created(part: number, item: Import): Promise<void>;
  clear(part: number): Promise<void>;
}

export const MAX_KEY_LENGTH = 255;

export interface IdempotencyOptions {
  now: () => number;
  /** The caller's deadline, which ends a wait for another call holding the same key. */
  signal?: AbortSignal;
  /** Reads stored imports afresh for a replayed answer; the stored snapshots are the fallback. */
  refresh?: (items: Import[]) => Promise<Import[]>;
}

/** Object keys sorted at every depth, so the same input always hashes the same. */
function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((key) => [key, canonical((value as Record<string, unknown>)[key])]),
    );
  }
  return value;
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/**
 * How long a key stored before keys had owners still answers any caller: 7 days from its first
 * use. Nothing else ever expires a key, so without this bound such a key would stay shared for
 * good; a retry comes within minutes, and SailPoint forgets a job after 7 days anyway.
 */
export const UNOWNED_KEY_MS = 7 * 24 * 60 * 60 * 1000;

/** The principal of a call with no caller on its signal (an adaptor used on its own). */
const NO_CALLER = 'open';

/**
 * A key belongs to the caller who used it (src/signal-caller.ts): the hash covers the principal,
 * so another caller's same key is another key, and nothing about the first can be learned.
 */
function ownedKeyHashOf(owner: string, provider: ImportProvider, key: string): string {
  return sha256(`owner\u0000${owner}\u0000${provider}\u0000${key}`);
}

/** How keys were stored before they had owners. */
function unownedKeyHashOf(provider: ImportProvider, key: string): string {
  return sha256(`${provider}\u0000${key}`);
}

export function fingerprintOf(request: CreateImportRequest): string {
  const { idempotencyKey: _key, ...rest } = request;
  return sha256(JSON.stringify(canonical(rest)));
}

/** A key the caller cannot use: empty, only spaces, or too long. */
function keyProblem(key: string): InputProblem | undefined {
  if (key.trim() !== '' && key.length <= MAX_KEY_LENGTH) return undefined;
  return problem(
    'BAD_USER_INPUT',
    `An idempotency key has 1 to ${MAX_KEY_LENGTH} characters, not only spaces.`,
    ['idempotencyKey'],
  );
}

/** One caller's idempotency key, as `underKey` checks and locks it. */
export interface KeyUse {
  ledger: CreationLedger;
  provider: ImportProvider;
  key: string;
  now: () => number;
  /** The caller's deadline, which ends a wait for another call holding the same key; carries the caller. */
  signal?: AbortSignal;
}

/**
 * The hash `key` is stored under for `provider`: an unowned key (stored before keys had owners)
 * while it is recorded and younger than UNOWNED_KEY_MS, else the caller's own.
 */
async function storedKeyHash(
  use: KeyUse,
  provider: ImportProvider,
): Promise<{ hash: string; owned: boolean }> {
  const unowned = unownedKeyHashOf(provider, use.key);
  const record = await use.ledger.find(unowned);
  if (record && use.now() - record.createdAt < UNOWNED_KEY_MS) return { hash: unowned, owned: false };
  return { hash: ownedKeyHashOf(callerOf(use.signal) ?? NO_CALLER, provider, use.key), owned: true };
}

/**
 * The provider other than `provider` the caller used a key with, if any. Keys are stored per
 * provider (the hash covers it, and so does each Commerce Layer tag), so this asks under every other one.
 */
async function otherProviderOf(use: KeyUse): Promise<ImportProvider | undefined> {
  for (const other of IMPORT_PROVIDERS) {
    if (other !== use.provider && (await use.ledger.find((await storedKeyHash(use, other)).hash)))
      return other;
  }
  return undefined;
}

/** A key already used with another provider: a key names one creation, wherever it went. */
async function crossProviderProblem(use: KeyUse): Promise<InputProblem | undefined> {
  const other = await otherProviderOf(use);
  if (!other) return undefined;
  return problem(
    'BAD_USER_INPUT',
    `This idempotency key was already used for a ${providerLabel(other)} import, not a ${providerLabel(use.provider)} one; use a new key for a new creation.`,
    ['idempotencyKey'],
  );
}

/**
 * Runs `use` with the key's hash, one call per key and caller at a time (whatever the provider),
 * in this process and in every instance sharing the ledger, so two concurrent retries cannot both
 * send. The key is checked first (its shape; then, holding the lock, that the caller used it with
 * no other provider); a problem found is handed to `refuse`, whose answer is the call's.
 */
export async function underKey<T>(
  keyUse: KeyUse,
  use: (keyHash: string) => Promise<T>,
  refuse: (problem: InputProblem) => T,
): Promise<T> {
  const { ledger, key, signal } = keyUse;
  const invalid = keyProblem(key);
  if (invalid) return refuse(invalid);
  const stored = await storedKeyHash(keyUse, keyUse.provider);
  // An unowned key keeps the lock it had, which instances not yet upgraded take too.
  const lockName = stored.owned
    ? `lock\u0000${callerOf(signal) ?? NO_CALLER}\u0000${key}`
    : `lock\u0000${key}`;
  return ledger.lock(
    sha256(lockName),
    async () => {
      const elsewhere = await crossProviderProblem(keyUse);
      return elsewhere ? refuse(elsewhere) : use(stored.hash);
    },
    signal,
  );
}

class CallJournal implements CreationJournal {
  readonly tag = randomUUID().replaceAll('-', '');
  readonly keyed = false;
  private readonly parts = new Map<number, CreationPart>();

  part(part: number) {
    return Promise.resolve(this.parts.get(part));
  }
  sending(part: number) {
    this.parts.set(part, { part, state: 'sending', item: null, updatedAt: Date.now() });
    return Promise.resolve();
  }
  created(part: number, item: Import) {
    this.parts.set(part, { part, state: 'created', item, updatedAt: Date.now() });
    return Promise.resolve();
  }
  clear(part: number) {
    this.parts.delete(part);
    return Promise.resolve();
  }
}

class LedgerJournal implements CreationJournal {
  readonly keyed = true;
  readonly tag: string;

  constructor(
    private readonly ledger: CreationLedger,
    private readonly keyHash: string,
    private readonly now: () => number,
  ) {
    // Half the hash is plenty to tell creations apart and keeps vendor metadata short.
    this.tag = keyHash.slice(0, 32);
  }

  async part(part: number) {
    return (await this.ledger.find(this.keyHash))?.parts.get(part);
  }
  sending(part: number) {
    return this.ledger.sending(this.keyHash, part, this.now());
  }
  created(part: number, item: Import) {
    return this.ledger.created(this.keyHash, part, item, this.now());
  }
  clear(part: number) {
    return this.ledger.clear(this.keyHash, part);
  }
}

/**
 * Runs an adaptor's creation under the request's idempotency key. A key seen before with the
 * same request answers the imports created under it (a finished creation is never sent again;
 * an unfinished one continues with its missing parts); a key seen with another request is
 * refused, as is a key used with another provider. A key under which nothing was created is
 * forgotten, so a caller can fix the input and use it again.
 */
export async function createIdempotently(
  ledger: CreationLedger,
  provider: ImportProvider,
  request: CreateImportRequest,
  run: (journal: CreationJournal) => Promise<CreateOutcome>,
  options: IdempotencyOptions,
): Promise<CreateOutcome> {
  const key = request.idempotencyKey;
  if (key === undefined) return run(new CallJournal());
  return underKey(
    { ledger, provider, key, now: options.now, signal: options.signal },
    async (keyHash): Promise<CreateOutcome> => {
      const fingerprint = fingerprintOf(request);
      const record = await ledger.find(keyHash);
      if (record && record.fingerprint !== fingerprint) {
        return {
          imports: [],
          problems: [
            problem(
              'BAD_USER_INPUT',
              'This idempotency key was already used for a different request; use a new key for new input.',
              ['idempotencyKey'],
            ),
          ],
        };
      }
      if (record?.completed) {
        const stored = [...record.parts.values()].flatMap((part) => part.item ?? []);
        return { imports: await replayed(stored, options), problems: [] };
      }
      await ledger.open(keyHash, provider, fingerprint, options.now());
      const forgetIfEmpty = async () => {
        if (((await ledger.find(keyHash))?.parts.size ?? 0) === 0) await ledger.remove(keyHash);
      };
      let outcome: CreateOutcome;
      try {
        outcome = await run(new LedgerJournal(ledger, keyHash, options.now));
      } catch (error) {
        await forgetIfEmpty();
        throw error;
      }
      if (outcome.problems.length === 0) await ledger.complete(keyHash, options.now());
      else await forgetIfEmpty();
      return outcome;
    },
    (refusal) => ({ imports: [], problems: [refusal] }),
  );
}

async function replayed(stored: Import[], options: IdempotencyOptions): Promise<Import[]> {
  if (!options.refresh || stored.length === 0) return stored;
  try {
    return await options.refresh(stored);
  } catch {
    // The first answer still stands when the vendor cannot be read right now.
    return stored;
  }
}

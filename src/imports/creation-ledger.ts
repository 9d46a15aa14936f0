import type { Import, ImportProvider } from './model.ts';

/**
 * Durable memory of `createImport` calls made with an idempotency key: which request the key was
 * first used for, and each vendor import (part) sent under it. A part is written as `sending`
 * before the vendor request and as `created` once the vendor's answer names it, so after a crash
 * or a lost answer the gateway knows which parts may exist and looks them up instead of sending
 * them again. Keys are stored hashed: they are the caller's, possibly meaningful, strings.
 */
export interface CreationPart {
  part: number;
  state: 'sending' | 'created';
  /** The import as the vendor answered its creation (state `created`). */
  item: Import | null;
  updatedAt: number;
}

export interface CreationRecord {
  keyHash: string;
  provider: ImportProvider;
  /** Hash of the request the key was first used with. */
  fingerprint: string;
  createdAt: number;
  /** Every part was created: a retry only answers the stored result. */
  completed: boolean;
  parts: Map<number, CreationPart>;
}

export interface CreationLedger {
  find(keyHash: string): Promise<CreationRecord | undefined>;
  /** Starts the record of a key; a key already recorded keeps its first request. */
  open(keyHash: string, provider: ImportProvider, fingerprint: string, now: number): Promise<void>;
  /** Part writes change nothing for a key that is not open. */
  sending(keyHash: string, part: number, now: number): Promise<void>;
  created(keyHash: string, part: number, item: Import, now: number): Promise<void>;
  /** The part is known not to exist (the vendor refused it): it may be sent again. */
  clear(keyHash: string, part: number): Promise<void>;
  complete(keyHash: string, now: number): Promise<void>;
  /** Nothing was created under the key: forget it, so the caller may fix the input and reuse it. */
  remove(keyHash: string): Promise<void>;
  /**
   * Runs `run` while no other call holds the lock `name`: in this process, and in every instance
   * that shares the ledger. Waiting ends with `signal` (the caller's deadline), rejecting with its
   * reason.
   */
  lock<T>(name: string, run: () => Promise<T>, signal?: AbortSignal): Promise<T>;
}

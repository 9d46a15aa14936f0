import type { CreationLedger, CreationRecord } from '../imports/creation-ledger.ts';
import type { ImportFactKind, ImportFacts } from '../imports/import-facts.ts';
import type { Import, ImportProvider } from '../imports/model.ts';
import { inProcessLock } from '../process-locks.ts';

// An adaptor built without a store (unit tests, a Commerce Layer source on its own) keeps what the
// store would keep here, in memory: the store's SQLite and Redis versions implement the same ports.

/** The same ledger in memory, for adaptors built without a store (unit tests); lost on restart. */
export class MemoryCreationLedger implements CreationLedger {
  private readonly records = new Map<string, CreationRecord>();

  find(keyHash: string): Promise<CreationRecord | undefined> {
    const record = this.records.get(keyHash);
    return Promise.resolve(record && { ...record, parts: new Map(record.parts) });
  }

  open(keyHash: string, provider: ImportProvider, fingerprint: string, now: number): Promise<void> {
    if (!this.records.has(keyHash)) {
      this.records.set(keyHash, {
        keyHash,
        provider,
        fingerprint,
        createdAt: now,
        completed: false,
        parts: new Map(),
      });
    }
    return Promise.resolve();
  }

  sending(keyHash: string, part: number, now: number): Promise<void> {
    this.records.get(keyHash)?.parts.set(part, { part, state: 'sending', item: null, updatedAt: now });
    return Promise.resolve();
  }

  created(keyHash: string, part: number, item: Import, now: number): Promise<void> {
    this.records.get(keyHash)?.parts.set(part, { part, state: 'created', item, updatedAt: now });
    return Promise.resolve();
  }

  clear(keyHash: string, part: number): Promise<void> {
    this.records.get(keyHash)?.parts.delete(part);
    return Promise.resolve();
  }

  complete(keyHash: string): Promise<void> {
    const record = this.records.get(keyHash);
    if (record) record.completed = true;
    return Promise.resolve();
  }

  remove(keyHash: string): Promise<void> {
    this.records.delete(keyHash);
    return Promise.resolve();
  }

  lock<T>(name: string, run: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    return inProcessLock(name, run, signal);
  }
}

/** The same in memory, for adaptors built without a store (unit tests); lost on restart. */
export class MemoryImportFacts implements ImportFacts {
  readonly shared = false;
  private readonly facts = new Map<string, unknown>();

  get(provider: ImportProvider, providerId: string, kind: ImportFactKind): Promise<unknown> {
    return Promise.resolve(this.facts.get(JSON.stringify([provider, kind, providerId])));
  }

  set(provider: ImportProvider, providerId: string, kind: ImportFactKind, value: unknown): Promise<void> {
    this.facts.set(JSON.stringify([provider, kind, providerId]), value);
    return Promise.resolve();
  }

  remove(provider: ImportProvider, providerId: string, kind: ImportFactKind): Promise<void> {
    this.facts.delete(JSON.stringify([provider, kind, providerId]));
    return Promise.resolve();
  }

  idsWith(provider: ImportProvider, kind: ImportFactKind): Promise<string[]> {
    return Promise.resolve(
      [...this.facts.keys()]
        .map((key) => JSON.parse(key) as [string, string, string])
        .filter(([p, k]) => p === provider && k === kind)
        .map(([, , id]) => id),
    );
  }
}

import type { ImportRecord } from './model.ts';

/** Every import the simulator holds, by id, in creation order. */
export class ImportStore {
  private readonly records = new Map<string, ImportRecord>();
  private serial = 0;

  /** The next creation serial (the vendor's primary-key order). */
  nextSerial(): number {
    return ++this.serial;
  }

  add(record: ImportRecord): void {
    this.records.set(record.id, record);
  }

  get(id: string): ImportRecord | undefined {
    return this.records.get(id);
  }

  remove(id: string): boolean {
    return this.records.delete(id);
  }

  /** In creation order: a Map iterates in insertion order and serials only grow. */
  all(): ImportRecord[] {
    return [...this.records.values()];
  }

  clear(): void {
    this.records.clear();
    this.serial = 0;
  }
}

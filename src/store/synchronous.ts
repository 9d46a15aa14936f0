/**
 * The answer of a synchronous store call (SQLite, memory) as the promise the store interfaces
 * return; a throw in `work` becomes a rejection (the executor catches it), so callers handle
 * both kinds of store the same way.
 */
export function fromSync<T>(work: () => T): Promise<T> {
  return new Promise<T>((resolve) => resolve(work()));
}

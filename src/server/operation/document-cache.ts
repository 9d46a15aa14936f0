import type { DocumentNode } from 'graphql';

/** MAX_DOCUMENT_CACHE_BYTES's default. */
export const DEFAULT_DOCUMENT_CACHE_BYTES = 32 * 1024 * 1024;
/** Distinct documents kept whatever their size: most clients send a handful. */
const MAX_DOCUMENTS = 500;
/**
 * The heap a parsed document holds, per byte of its JSON: its nodes keep their locations, and
 * through them every token of the source. Measured at 3.7 to 4.2 on documents of aliases, deep
 * nesting, fragment chains and variable lists (node --expose-gc, heap used before and after).
 */
const HEAP_PER_JSON_BYTE = 4;

/**
 * Parsed and validated documents by key, least recently used first out, bounded by their number
 * and by their estimated size in bytes (MAX_DOCUMENT_CACHE_BYTES): documents near MAX_QUERY_TOKENS
 * are large, and 500 of them were hundreds of megabytes. A document's size is estimated from its
 * JSON, as Apollo measures its own document store, times what it holds in the heap per byte of
 * it (Apollo's 30 MiB default held about 120 MiB); one larger than the whole budget is not kept. One cache serves HTTP (as Apollo's document store) and the live
 * transports, so the bound is the gateway's, not each transport's.
 */
export class DocumentCache {
  private readonly entries = new Map<string, { document: DocumentNode; bytes: number }>();
  private total = 0;

  constructor(readonly maxBytes: number = DEFAULT_DOCUMENT_CACHE_BYTES) {}

  get(key: string): DocumentNode | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    // Most recently used last, so the oldest is the one to go when the cache is full.
    this.entries.delete(key);
    this.entries.set(key, entry);
    return entry.document;
  }

  set(key: string, document: DocumentNode): void {
    this.delete(key);
    const bytes = key.length + HEAP_PER_JSON_BYTE * Buffer.byteLength(JSON.stringify(document));
    if (bytes > this.maxBytes) return;
    while (this.entries.size >= MAX_DOCUMENTS || this.total + bytes > this.maxBytes) {
      this.delete(this.entries.keys().next().value!);
    }
    this.entries.set(key, { document, bytes });
    this.total += bytes;
  }

  delete(key: string): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    this.entries.delete(key);
    this.total -= entry.bytes;
  }

  /** Estimated bytes held. */
  get bytes(): number {
    return this.total;
  }

  get size(): number {
    return this.entries.size;
  }

  /** The same cache as Apollo's `documentStore` (its keys carry a schema hash of their own). */
  asApolloStore() {
    return {
      get: (key: string) => Promise.resolve(this.get(`apollo:${key}`)),
      set: (key: string, document: DocumentNode) => Promise.resolve(this.set(`apollo:${key}`, document)),
      delete: (key: string) => Promise.resolve(this.delete(`apollo:${key}`)),
    };
  }
}

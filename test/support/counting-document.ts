/**
 * A parsed document that counts how often anything walks one of its selection sets: every walk
 * over a selection set reads its `selections`, whoever walks it (graphql-js's visitor, a
 * validation rule following a fragment spread, a cache filling up). The count is the work a rule
 * does, measured without a clock: a rule that re-walks a fragment at each spread reads 2^n
 * selection sets on a chain of n fragments that each spread the one below twice.
 */
import { visit, type DocumentNode } from 'graphql';

export interface CountingDocument {
  document: DocumentNode;
  /** Reads of `selections` since the last reset. */
  readonly walks: number;
  reset(): void;
}

export function countingDocument(original: DocumentNode): CountingDocument {
  let walks = 0;
  const proxies = new WeakMap<object, object>();
  const wrap = <T>(value: T): T => {
    if (typeof value !== 'object' || value === null) return value;
    const isNode = typeof (value as { kind?: unknown }).kind === 'string';
    if (!isNode && !Array.isArray(value)) return value; // locations and tokens stay as they are
    let proxy = proxies.get(value);
    if (!proxy) {
      proxy = new Proxy(value, {
        get(target, property, receiver) {
          if (property === 'selections') walks++;
          return wrap(Reflect.get(target, property, receiver) as unknown);
        },
      });
      proxies.set(value, proxy);
    }
    return proxy as T;
  };
  return {
    document: wrap(original),
    get walks() {
      return walks;
    },
    reset() {
      walks = 0;
    },
  };
}

/** AST nodes in a document (every node graphql-js's visitor enters). */
export function nodeCount(document: DocumentNode): number {
  let nodes = 0;
  visit(document, {
    enter() {
      nodes++;
    },
  });
  return nodes;
}

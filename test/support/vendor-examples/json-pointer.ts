/** JSON pointers (RFC 6901) into a spec document, and `$ref`s resolved while keeping where they led. */

export type Json = Record<string, unknown>;

export const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

export const escapeSegment = (segment: string) => segment.replace(/~/g, '~0').replace(/\//g, '~1');

export const childPointer = (pointer: string, ...segments: (string | number)[]) =>
  pointer + segments.map((segment) => `/${escapeSegment(String(segment))}`).join('');

export function valueAt(document: unknown, pointer: string): unknown {
  if (pointer === '') return document;
  return pointer
    .slice(1)
    .split('/')
    .map((segment) => segment.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce<unknown>(
      (node, segment) => (isObject(node) || Array.isArray(node) ? node[segment as never] : undefined),
      document,
    );
}

/** A node and the pointer it really lives at, after following local `$ref`s (at most 20 in a row). */
export interface Located {
  node: unknown;
  pointer: string;
}

export function resolved(document: unknown, at: Located): Located {
  let current = at;
  for (let hops = 0; hops < 20; hops++) {
    const ref = isObject(current.node) ? current.node.$ref : undefined;
    if (typeof ref !== 'string') return current;
    if (!ref.startsWith('#')) throw new Error(`${at.pointer}: only local $refs are read, not ${ref}`);
    const pointer = decodeURIComponent(ref.slice(1));
    current = { node: valueAt(document, pointer), pointer };
    if (current.node === undefined) throw new Error(`${at.pointer}: $ref ${ref} leads nowhere`);
  }
  throw new Error(`${at.pointer}: $ref chain too long`);
}

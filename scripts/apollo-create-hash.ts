import { createHash as nodeCreateHash, type Hash } from 'node:crypto';

/**
 * Stands in for `@apollo/utils.createhash` in the bundle (scripts/build.ts aliases it here). That
 * package takes Node's crypto only when `module.require` exists, which the module object of an
 * esbuild bundle lacks, so the built gateway fell back to sha.js, SHA-256 written in JavaScript,
 * for the hash Apollo takes of every request's query: about 1 % of a page's CPU
 * (bench/NOTES.md, round two). The same hash, from Node's own crypto.
 */
export function createHash(kind: string): Hash {
  return nodeCreateHash(kind);
}

import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** The record `npm run build` writes last into dist/console/ (scripts/build.ts): one per build. */
export const CONSOLE_BUILD_RECORD = '.sources.json';

/** The files of one build the page needs; the source map is served when there is one. */
const REQUIRED = ['index.html', 'console.js', 'console.css'] as const;
const OPTIONAL = ['console.js.map'] as const;
export type ConsoleFileName = (typeof REQUIRED)[number] | (typeof OPTIONAL)[number];

export interface ConsoleFile {
  content: Buffer;
  /** A strong validator: the sha256 of the content, quoted as the header wants it. */
  etag: string;
}

export type ConsoleBuild =
  | { kind: 'built'; files: ReadonlyMap<ConsoleFileName, ConsoleFile> }
  /** Nothing built there (or a build is being moved into place). */
  | { kind: 'missing' }
  /** A file there cannot be read: `reason` names it and the error code, never a path. */
  | { kind: 'unreadable'; reason: string };

/**
 * The console's files, read all together once per build and kept until the build's record
 * changes: a page never gets its script from one build and its style sheet from another, and a
 * running gateway serves a rebuild (`npm run build`) without a restart. Each request costs one
 * `stat` of the record; a gateway that never serves a browser reads nothing.
 */
export function consoleFiles(directory: string): () => ConsoleBuild {
  let cached: { stamp: string; build: ConsoleBuild } | undefined;
  return () => {
    // A build moved into place between the stat and the reads is seen by the second stat: read again.
    for (let attempt = 0; attempt < 3; attempt++) {
      const stamp = recordStamp(directory);
      // No record: nothing built, or a build between its two renames (scripts/build.ts). The build
      // already read stays served until a new one is in place.
      if (stamp === undefined) return cached?.build ?? { kind: 'missing' };
      if (cached?.stamp === stamp) return cached.build;
      const build = readBuild(directory);
      if (recordStamp(directory) !== stamp) continue;
      // An unreadable file is read again on the next request, so fixing it needs no restart.
      if (build.kind === 'built') cached = { stamp, build };
      return build;
    }
    return { kind: 'missing' };
  };
}

function recordStamp(directory: string): string | undefined {
  try {
    const stat = statSync(join(directory, CONSOLE_BUILD_RECORD));
    return `${stat.ino}:${stat.size}:${stat.mtimeMs}`;
  } catch {
    return undefined;
  }
}

function readBuild(directory: string): ConsoleBuild {
  const files = new Map<ConsoleFileName, ConsoleFile>();
  for (const name of [...REQUIRED, ...OPTIONAL]) {
    let content: Buffer;
    try {
      content = readFileSync(join(directory, name));
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? 'error';
      if (code === 'ENOENT' && (OPTIONAL as readonly string[]).includes(name)) continue;
      if (code === 'ENOENT') return { kind: 'missing' };
      return { kind: 'unreadable', reason: `${name} cannot be read (${code})` };
    }
    files.set(name, { content, etag: etagOf(content) });
  }
  return { kind: 'built', files };
}

export function etagOf(content: Buffer | string): string {
  return `"${createHash('sha256').update(content).digest('base64url')}"`;
}

/** Whether a request's `If-None-Match` names `etag` (weak comparison, as RFC 9110 §13.1.2 says). */
export function matchesEtag(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  return ifNoneMatch
    .split(',')
    .map((tag) => tag.trim().replace(/^W\//, ''))
    .some((tag) => tag === '*' || tag === etag);
}

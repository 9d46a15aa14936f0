/**
 * Fails when the repository cites a document a user's clone does not have: the gateway's contract
 * or the vendor notes it was written from, a folder beside the repository, or a section sign and
 * number without the repository file it is a section of. Cite README.md, docs/*.md or
 * specs/VENDOR-REFERENCE.md by path and section instead (docs/ARCHITECTURE.md, Layers).
 *
 * `tsx scripts/check-citations.ts [root]`: root defaults to the repository; the test points it at
 * a fixture tree.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

/** What is scanned, relative to the root. */
const SCANNED = ['src', 'test', 'bench', 'scripts', 'docs', 'README.md'];
/** Trees whose citations are data, not citations: the checks' own fixtures; generated output. */
const SKIPPED = ['test/architecture/fixtures', 'bench/results', 'node_modules'];
const TEXT_FILE = /\.(ts|js|cjs|mjs|md|json|graphql|ya?ml|sh)$/;

export interface Finding {
  file: string;
  line: number;
  problem: string;
}

/**
 * Documents outside the repository: named, they send a reader to something they cannot open. The
 * names are put together here, so this file does not cite them itself.
 */
const OUTSIDE = [
  ['CONTRACT', '.md'],
  ['providers/README', '.md'],
  ['..', '/shared'],
].map((parts) => {
  const name = parts.join('');
  return {
    pattern: new RegExp(name.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&'), 'g'),
    problem: `cites ${name}, which is not in the repository`,
  };
});

/**
 * A file path a section may belong to (`specs/VENDOR-REFERENCE.md`), or a standard (`RFC 9110`).
 */
const SOURCE = String.raw`(?:[\w.-]+/)*[\w.-]+\.(?:md|ts|json|graphql|ya?ml)\x60?|RFC \d+`;
/** The section sign, written as an escape so this file cites no section itself. */
const SIGN = '\\u00a7';
/** The source, then earlier sections of the same list: `README.md (<sign>1–<sign>4)`, a doubled sign. */
const NAMED_BEFORE = new RegExp(
  String.raw`(?:${SOURCE})[\s(]*(?:${SIGN}+\s*[\d.]+\w*[\s,–-]*(?:and\s+|or\s+)?)*$`,
);
const SECTION = new RegExp(String.raw`${SIGN}+\s*\d`, 'g');

/** The text before `index`, comment markers and line breaks folded into spaces (none after a `/`). */
function textBefore(text: string, index: number): string {
  return text
    .slice(Math.max(0, index - 160), index)
    .replace(/\/\s*\n\s*(?:\*|\/\/|#)?\s*/g, '/')
    .replace(/\s*\n\s*(?:\*|\/\/|#)?\s*/g, ' ');
}

function lineOf(text: string, index: number): number {
  return text.slice(0, index).split('\n').length;
}

export function findingsIn(file: string, text: string, root: string): Finding[] {
  const findings: Finding[] = [];
  for (const { pattern, problem } of OUTSIDE) {
    for (const match of text.matchAll(pattern))
      findings.push({ file, line: lineOf(text, match.index), problem });
  }
  for (const match of text.matchAll(SECTION)) {
    const before = textBefore(text, match.index);
    const named = NAMED_BEFORE.exec(before);
    if (!named) {
      findings.push({
        file,
        line: lineOf(text, match.index),
        problem: 'cites a section without the repository file it belongs to',
      });
      continue;
    }
    const path = /^[^\s(`]+?(?=`?[\s(]|`?$)/.exec(named[0])?.[0];
    if (path && !path.startsWith('RFC') && !existsSync(join(root, path))) {
      findings.push({
        file,
        line: lineOf(text, match.index),
        problem: `cites ${path}, which is not in the repository`,
      });
    }
  }
  return findings;
}

function filesUnder(root: string, path: string): string[] {
  const full = join(root, path);
  if (!existsSync(full) || SKIPPED.some((skipped) => path === skipped || path.startsWith(`${skipped}/`)))
    return [];
  if (!statSync(full).isDirectory()) return TEXT_FILE.test(path) ? [path] : [];
  return readdirSync(full).flatMap((name) => filesUnder(root, `${path}/${name}`));
}

export function checkCitations(root: string): Finding[] {
  return SCANNED.flatMap((path) => filesUnder(root, path)).flatMap((file) =>
    findingsIn(file, readFileSync(join(root, file), 'utf8'), root),
  );
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const root = process.argv[2] ?? join(fileURLToPath(import.meta.url), '../..');
  const findings = checkCitations(root);
  for (const { file, line, problem } of findings) {
    process.stderr.write(`${relative(process.cwd(), join(root, file))}:${line}: ${problem}\n`);
  }
  if (findings.length > 0) {
    process.stderr.write(
      `${findings.length} citation(s) a clone of the repository cannot follow. Cite README.md, docs/*.md or specs/VENDOR-REFERENCE.md by path and section.\n`,
    );
    process.exit(1);
  }
  process.stdout.write('Every citation names a file in the repository.\n');
}

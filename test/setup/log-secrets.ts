/**
 * Global setup of the test run: one directory for every log the suite writes (tests and the child
 * processes they start write there at debug level, see test/support/test-log.ts), and, when the
 * run ends, a search of all of it for secrets. A find fails the run, naming the file, the line
 * number and which secret, never the line itself.
 *
 * Vitest (4.1) prints an error thrown by a global teardown as "error during close" and still
 * exits 0, so a find sets `process.exitCode` instead, which it keeps.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CONFIGURED_SECRETS } from '../support/secrets.ts';

/** Secrets not known in advance, found by their shape in a log line. */
const SHAPES: readonly { name: string; pattern: RegExp }[] = [
  // The simulators issue JWTs (so do the auth tests); a JWT in a log is a credential in a log.
  { name: 'a JWT (bearer token)', pattern: /eyJ[\w-]{10,}\.eyJ[\w-]{10,}\.[\w-]{10,}/ },
  { name: 'an unredacted access_token', pattern: /"access_token"\s*:\s*"(?!\[redacted\]")/ },
  { name: 'an unredacted Authorization header', pattern: /"authorization"\s*:\s*"(?!\[redacted\]")/i },
  { name: 'a bearer credential', pattern: /\bBearer\s+(?!\[redacted\])[\w.~+/=-]{12,}/ },
];

export interface SecretFind {
  file: string;
  line: number;
  secret: string;
}

/** Every line of every file in `directory` that holds a configured secret or a token's shape. */
export function findSecrets(directory: string): SecretFind[] {
  const finds: SecretFind[] = [];
  for (const file of readdirSync(directory).sort()) {
    const lines = readFileSync(join(directory, file), 'utf8').split('\n');
    lines.forEach((text, index) => {
      for (const { name, value } of CONFIGURED_SECRETS) {
        if (text.includes(value)) finds.push({ file, line: index + 1, secret: name });
      }
      for (const { name, pattern } of SHAPES) {
        if (pattern.test(text)) finds.push({ file, line: index + 1, secret: name });
      }
    });
  }
  return finds;
}

/** One line per file and secret: `file: secret, on 3 lines (12, 40, 41)`. */
export function summarize(finds: readonly SecretFind[]): string[] {
  const grouped = new Map<string, number[]>();
  for (const find of finds) {
    const key = `${find.file}: ${find.secret}`;
    grouped.set(key, [...(grouped.get(key) ?? []), find.line]);
  }
  return [...grouped].map(([key, lines]) => {
    const shown = lines.slice(0, 5).join(', ') + (lines.length > 5 ? ', …' : '');
    return `  ${key}, on ${lines.length} line${lines.length === 1 ? '' : 's'} (${shown})`;
  });
}

let directory = '';
let keep = false;

export function setup(): void {
  // A directory given beforehand is the caller's, kept afterwards to read.
  keep = Boolean(process.env.GATEWAY_TEST_LOG_DIR);
  directory = process.env.GATEWAY_TEST_LOG_DIR || mkdtempSync(join(tmpdir(), 'gateway-test-logs-'));
  process.env.GATEWAY_TEST_LOG_DIR = directory;
}

export function teardown(): void {
  const finds = findSecrets(directory);
  if (finds.length === 0) {
    if (!keep) rmSync(directory, { recursive: true, force: true });
    return;
  }
  process.stderr.write(
    `\nSecrets found in the logs written during this run (kept in ${directory}):\n${summarize(finds).join('\n')}\n`,
  );
  process.exitCode = 1;
}

import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { checkCitations } from '../../scripts/check-citations.ts';

// The fixture tree (fixtures/citations) holds the citations the check must refuse; the check skips
// test/architecture/fixtures when it scans the repository, so they do not fail `npm test` itself.
// This file names them in pieces, for the same reason.
const fixture = fileURLToPath(new URL('fixtures/citations', import.meta.url));
const repository = fileURLToPath(new URL('../..', import.meta.url));

describe('citation check', () => {
  it('finds each citation of a document outside the repository, and only those', () => {
    const findings = checkCitations(fixture).map(({ file, line, problem }) => `${file}:${line} ${problem}`);
    expect(findings.sort()).toEqual(
      [
        'docs/GUIDE.md:3 cites a section without the repository file it belongs to',
        `src/cited.ts:2 cites ${['CONTRACT', 'md'].join('.')}, which is not in the repository`,
        `src/cited.ts:3 cites ${['providers/README', 'md'].join('.')}, which is not in the repository`,
        `src/cited.ts:4 cites ${['..', 'shared'].join('/')}, which is not in the repository`,
        'src/cited.ts:5 cites a section without the repository file it belongs to',
        'src/cited.ts:8 cites specs/NOT-HERE.md, which is not in the repository',
      ].sort(),
    );
  });

  it('fails the script on the fixture and passes it on the repository', async () => {
    const run = promisify(execFile);
    const script = ['--import', 'tsx', `${repository}scripts/check-citations.ts`];
    const failing = await run(process.execPath, [...script, fixture]).catch(
      (error: { code: number; stderr: string }) => error,
    );
    expect('code' in failing && failing.code).toBe(1);
    expect((failing as { stderr: string }).stderr).toContain('6 citation(s)');
    const passing = await run(process.execPath, script, { cwd: repository });
    expect(passing.stdout).toContain('Every citation names a file in the repository.');
  });
});

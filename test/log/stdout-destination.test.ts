import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * The gateway's stdout log destination in a child process whose stdout pipe nobody reads for a
 * while: lines that do not fit are dropped (the writer never waits), and the first line that gets
 * through afterwards says how many were lost, as a JSON line of its own.
 */
const DESTINATION = fileURLToPath(new URL('../../src/stdout-destination.ts', import.meta.url));
const WRITER = `
const { stdoutDestination } = await import(${JSON.stringify(DESTINATION)});
const out = stdoutDestination();
const filler = 'x'.repeat(1000);
for (let i = 0; i < 2000; i++) out.write(JSON.stringify({ msg: 'burst', i, filler }) + '\\n');
process.stderr.write('burst written\\n');
setTimeout(() => out.write(JSON.stringify({ msg: 'after' }) + '\\n'), 500);
`;

describe('stdout log destination', () => {
  it('drops what a full pipe cannot take, then reports how many lines were lost', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', WRITER], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    // Not read until the whole burst (2 MB, far over a pipe's 64 KiB) has been written.
    child.stdout.pause();
    let output = '';
    await new Promise<void>((resolve) =>
      child.stderr.on('data', (chunk: Buffer) => {
        if (chunk.toString().includes('burst written')) resolve();
      }),
    );
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.stdout.resume();
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect(code).toBe(0);

    const lines = output.split('\n').filter((line) => line !== '');
    // A line cut short by the full pipe is ended before the next, so it spoils no other line.
    const parsed = lines
      .map((line) => {
        try {
          return JSON.parse(line) as { msg: string; droppedLines?: number };
        } catch {
          return undefined;
        }
      })
      .filter((line) => line !== undefined);
    const burst = parsed.filter((line) => line.msg === 'burst').length;
    // The pipe may have drained and filled again several times: one notice after each gap.
    const notices = parsed.filter((line) => line.droppedLines !== undefined);
    const dropped = notices.reduce((sum, line) => sum + line.droppedLines!, 0);
    expect(burst).toBeLessThan(2000);
    expect(notices.length).toBeGreaterThan(0);
    // At most one line is cut short each time the pipe fills, and its rest never glues onto another.
    expect(lines.length - parsed.length).toBeLessThanOrEqual(notices.length);
    // Every line of the burst is accounted for: written whole, or counted in a notice (a line cut
    // short by the full pipe counts as dropped).
    expect(burst + dropped).toBe(2000);
    expect(parsed.at(-1)?.msg).toBe('after');
  });
});

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
    // Every line the reader gets is whole JSON: a line cut short by the full pipe is ended first.
    const parsed = lines
      .map((line) => {
        try {
          return JSON.parse(line) as { msg: string; droppedLines?: number };
        } catch {
          return undefined;
        }
      })
      .filter((line) => line !== undefined);
    expect(parsed.length).toBeGreaterThanOrEqual(lines.length - 1);
    const burst = parsed.filter((line) => line.msg === 'burst').length;
    const notice = parsed.find((line) => line.droppedLines !== undefined);
    expect(burst).toBeLessThan(2000);
    expect(notice?.droppedLines).toBeGreaterThan(0);
    // Kept, cut or dropped: every line of the burst is accounted for (a cut one counts as neither).
    expect(burst + notice!.droppedLines!).toBeGreaterThanOrEqual(1998);
    expect(burst + notice!.droppedLines!).toBeLessThanOrEqual(2000);
    expect(parsed.at(-1)?.msg).toBe('after');
  });
});

import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { survivorsOf } from '../support/process-tree.ts';

const cli = fileURLToPath(new URL('../../src/simulators/cli.ts', import.meta.url));
const root = fileURLToPath(new URL('../..', import.meta.url));

function runCli(args: string[]): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', cli, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
}

describe('npm run simulators', () => {
  const running: ChildProcess[] = [];
  afterAll(() => {
    for (const child of running) child.kill('SIGKILL');
  });

  it('prints one JSON line per simulator, serves them, and stops on SIGTERM', async () => {
    const child = runCli(['--seed', '3', '--imports', '4', '--clock', 'manual', '--rate-limits', 'off']);
    running.push(child);
    const lines: string[] = [];
    for await (const line of createInterface({ input: child.stdout! })) {
      lines.push(line);
      if (lines.length === 3) break;
    }
    const announced = lines.map((line) => JSON.parse(line) as { provider: string; url: string });
    expect(announced.map((entry) => entry.provider)).toEqual(['fleetio', 'sailpoint', 'commercelayer']);
    for (const { url } of announced) {
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const imports = (await (await fetch(`${url}/__sim/imports`)).json()) as unknown[];
      expect(imports).toHaveLength(4);
    }
    const clock = (await (await fetch(`${announced[0]!.url}/__sim/clock`)).json()) as { mode: string };
    expect(clock.mode).toBe('manual');
    child.kill('SIGTERM');
    const [code] = (await once(child, 'exit')) as [number | null];
    expect(code).toBe(0);
  });

  it('starts with variations on from --variations=SEED, seed 1 for a bare --variations', async () => {
    for (const [flag, seed] of [
      ['--variations=9', 9],
      ['--variations', 1],
    ] as const) {
      const child = runCli(['--imports', '2', '--clock', 'manual', flag]);
      running.push(child);
      const lines: string[] = [];
      for await (const line of createInterface({ input: child.stdout! })) {
        lines.push(line);
        if (lines.length === 3) break;
      }
      for (const { url } of lines.map((line) => JSON.parse(line) as { url: string })) {
        expect(await (await fetch(`${url}/__sim/variations`)).json()).toEqual({
          enabled: true,
          seed,
          kinds: ['representational'],
        });
      }
      child.kill('SIGTERM');
      await once(child, 'exit');
    }
  });

  it('refuses a bad flag with a reason and exit code 2', async () => {
    const child = runCli(['--clock', 'sometimes']);
    running.push(child);
    let stderr = '';
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const [code] = (await once(child, 'exit')) as [number | null];
    expect(code).toBe(2);
    expect(stderr).toContain('--clock must be one of real, manual, not "sometimes".');
  });

  it('stops with the npm that runs it: SIGTERM to `npm run simulators` leaves nothing running', async () => {
    const npm = spawn('npm', ['run', 'simulators', '--', '--clock', 'manual', '--imports', '2'], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    running.push(npm);
    let announced = 0;
    for await (const line of createInterface({ input: npm.stdout })) {
      if (line.startsWith('{"provider"')) announced += 1;
      if (announced === 3) break;
    }
    // An orchestrator stops the npm it started; the simulators' process must not outlive it.
    expect(await survivorsOf(npm.pid!, 'SIGTERM', 5_000)).toEqual([]);
  });
});

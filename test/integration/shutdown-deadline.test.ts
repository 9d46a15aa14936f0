import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { closeSync, constants, mkdtempSync, openSync, readSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { SHUTDOWN_OVERRUN_MS } from '../../src/shutdown-deadline.ts';
import { startSimulators, type SimulatorSet } from '../../src/simulators/index.ts';
import { waitFor } from '../support/wait.ts';
import { variationsFromEnv } from '../support/variations.ts';

/**
 * `src/main.ts` in a child process, stopped with SIGTERM while its logs have nowhere to go: the
 * reader of its stdout gone, or a pipe nobody reads filled up. Whatever happens to the logs, the
 * process is gone within SHUTDOWN_GRACE_MS + SHUTDOWN_OVERRUN_MS.
 */
const MAIN = fileURLToPath(new URL('../../src/main.ts', import.meta.url));
const GRACE_MS = 500;
const DEADLINE_MS = GRACE_MS + SHUTDOWN_OVERRUN_MS;

let simulators: SimulatorSet;
let root: string;
const children: ChildProcess[] = [];
beforeAll(async () => {
  simulators = await startSimulators({
    clock: 'manual',
    rateLimits: false,
    imports: 5,
    quiet: true,
    variations: variationsFromEnv(),
  });
  root = mkdtempSync(join(tmpdir(), 'gateway-shutdown-deadline-'));
});
afterEach(() => {
  // A gateway that did not stop in time must not outlive its test.
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
});
afterAll(async () => {
  await simulators.close();
  rmSync(root, { recursive: true, force: true });
});

/** The gateway against the Commerce Layer simulator, logging at info to `stdout` unless told otherwise. */
function launch(stdout: 'pipe' | number, env: Record<string, string> = {}): ChildProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN], {
    env: {
      ...process.env,
      PORT: '0',
      HOST: '127.0.0.1',
      DATA_DIR: mkdtempSync(join(root, 'data-')),
      LOG_LEVEL: 'info',
      LOG_FILE: '',
      SHUTDOWN_GRACE_MS: String(GRACE_MS),
      // A shorter grace than the operation deadline is refused at start (src/config.ts).
      REQUEST_TIMEOUT_MS: String(GRACE_MS),
      UPSTREAM_RATE_LIMITS: 'off',
      COMMERCELAYER_BASE_URL: simulators.commercelayer.url,
      COMMERCELAYER_AUTH_URL: simulators.commercelayer.url,
      COMMERCELAYER_CLIENT_ID: 'sim-cl-client',
      COMMERCELAYER_CLIENT_SECRET: 'sim-cl-secret',
      ...env,
    },
    stdio: ['ignore', stdout, 'pipe'],
  });
  children.push(child);
  return child;
}

const BANNER = /GraphQL: +(http:\/\/\S+)\/graphql/;

/** The gateway's URL, once its start-up banner shows on the pipe it was given. */
function listening(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let output = '';
    const collect = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      const match = BANNER.exec(output);
      if (match) resolve(match[1]!);
    };
    child.stdout?.on('data', collect);
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.once('exit', (code) => reject(new Error(`the gateway exited with ${code}: ${output}`)));
  });
}

interface Stopped {
  /** From SIGTERM to the exit; null when the process was still running well past its deadline. */
  ms: number | null;
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** Sends SIGTERM and times the exit, giving up (ms: null) a few seconds after the deadline. */
function stop(child: ChildProcess): { stopped: Promise<Stopped> } {
  const sent = Date.now();
  const stopped = new Promise<Stopped>((resolve) => {
    const hung = setTimeout(() => resolve({ ms: null, code: null, signal: null }), DEADLINE_MS + 3_000);
    child.once('exit', (code, signal) => {
      clearTimeout(hung);
      resolve({ ms: Date.now() - sent, code, signal });
    });
  });
  child.kill('SIGTERM');
  return { stopped };
}

/** A named pipe, read and written by this test without ever blocking it. */
function namedPipe(name: string) {
  const path = join(root, name);
  const made = spawnSync('mkfifo', [path]);
  if (made.status !== 0) throw new Error(`mkfifo failed: ${made.stderr.toString()}`);
  // The read end first: opening a FIFO for writing needs a reader.
  const reader = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  const writer = openSync(path, constants.O_WRONLY | constants.O_NONBLOCK);
  let text = '';
  const buffer = Buffer.alloc(64 * 1024);
  return {
    path,
    /** What the pipe holds now, appended to what was read before. */
    read(): string {
      try {
        text += buffer.toString('utf8', 0, readSync(reader, buffer));
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EAGAIN') throw error;
      }
      return text;
    },
    /** Writes until not one more byte fits: the next write of a blocking writer blocks. */
    fill() {
      for (const size of [4096, 1]) {
        const chunk = Buffer.alloc(size, '.');
        try {
          for (;;) writeSync(writer, chunk);
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code !== 'EAGAIN') throw error;
        }
      }
    },
    close() {
      closeSync(reader);
      closeSync(writer);
    },
  };
}

describe('SIGTERM ends the process within SHUTDOWN_GRACE_MS + 1 s', () => {
  it.each([1, 2, 3, 4, 5])('when the reader of stdout goes away just after it (run %i)', async () => {
    const child = launch('pipe');
    await listening(child);
    const { stopped } = stop(child);
    // As a supervisor ending a process group: the gateway's stdout reader is gone milliseconds later.
    await new Promise((resolve) => setTimeout(resolve, 3));
    child.stdout!.destroy();
    const result = await stopped;
    expect(result.ms, 'still running past the deadline').not.toBeNull();
    expect(result.ms!).toBeLessThanOrEqual(DEADLINE_MS);
    expect(result).toMatchObject({ code: 0, signal: null });
  });

  it('when stdout is a pipe nobody reads, filled up', async () => {
    const pipe = namedPipe('stdout');
    try {
      // A descriptor of its own, opened blocking as a shell's `> fifo` would: the gateway must not
      // let a log write wait on it.
      const stdout = openSync(pipe.path, constants.O_WRONLY);
      const child = launch(stdout);
      closeSync(stdout);
      const text = await waitFor('the banner on the pipe', () => BANNER.exec(pipe.read()), {
        timeoutMs: 20_000,
        intervalMs: 20,
      });
      pipe.fill();
      // The request's log line finds the pipe full: it is dropped, and the request is answered.
      const health = await fetch(`${text[1]}/healthz`);
      expect(health.status).toBe(200);
      const result = await stop(child).stopped;
      expect(result.ms, 'still running past the deadline').not.toBeNull();
      expect(result.ms!).toBeLessThanOrEqual(DEADLINE_MS);
      expect(result).toMatchObject({ code: 0, signal: null });
    } finally {
      pipe.close();
    }
  });

  it('when a synchronous log write blocks (LOG_FILE a full pipe): the watchdog kills it', async () => {
    const pipe = namedPipe('log');
    try {
      const child = launch('pipe', { LOG_FILE: pipe.path });
      await listening(child);
      pipe.fill();
      // The shutdown's first log line blocks the main thread in write(2) for good: no timer of its
      // own can fire, only the watchdog thread can end it.
      const result = await stop(child).stopped;
      expect(result.ms, 'still running past the deadline').not.toBeNull();
      expect(result.ms!).toBeLessThanOrEqual(DEADLINE_MS);
      expect(result.ms!).toBeGreaterThanOrEqual(GRACE_MS);
      expect(result.signal).toBe('SIGKILL');
    } finally {
      pipe.close();
    }
  });
});

import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { LoadResult, LoadSpec } from './load-generator.ts';

const root = fileURLToPath(new URL('..', import.meta.url));

function node(
  script: string,
  args: string[],
  env: Record<string, string> = {},
  nodeArgs: string[] = [],
): ChildProcess {
  // A built script (.js) runs on plain Node; TypeScript goes through tsx's loader.
  const loader = script.endsWith('.ts') ? ['--import', 'tsx'] : [];
  return spawn(process.execPath, [...nodeArgs, ...loader, script, ...args], {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
  await once(child, 'exit');
  clearTimeout(timer);
}

export interface SimulatorProcess {
  urls: Record<'fleetio' | 'sailpoint' | 'commercelayer', string>;
  stop(): Promise<void>;
}

/** `npm run simulators` as its own process; resolves once the three URL lines are printed. */
export async function startSimulatorProcess(args: string[]): Promise<SimulatorProcess> {
  const child = node('src/simulators/cli.ts', args);
  // Simulator logs (stderr) are not needed, but an unread pipe would stall the simulators.
  child.stderr!.resume();
  const urls: Record<string, string> = {};
  for await (const line of createInterface({ input: child.stdout! })) {
    const { provider, url } = JSON.parse(line) as { provider: string; url: string };
    urls[provider] = url;
    if (Object.keys(urls).length === 3) break;
  }
  return { urls: urls, stop: () => stop(child) };
}

/** A gateway that has not answered a query this long after its spawn has failed to start. */
const READY_TIMEOUT_MS = 60_000;

export interface GatewayProcess {
  url: string;
  pid: number;
  /** Milliseconds from spawn to the first successful GraphQL answer. */
  coldStartMs: number;
  /** The last few KB the gateway wrote (its warnings and errors, with LOG_LEVEL=warn). */
  output(): string;
  stop(): Promise<void>;
}

/** The gateway as `npm start` runs it, configured for the simulators; resolves when it answers. */
export async function startGatewayProcess(
  simulators: SimulatorProcess,
  env: Record<string, string>,
  entry = 'src/main.ts',
  /** Options of Node itself, such as `--cpu-prof` (which NODE_OPTIONS does not take). */
  nodeArgs: string[] = [],
) {
  const started = performance.now();
  const child = node(
    entry,
    [],
    {
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      FLEETIO_BASE_URL: `${simulators.urls.fleetio}/api`,
      FLEETIO_API_KEY: 'sim-fleetio-key',
      FLEETIO_ACCOUNT_TOKEN: 'sim-fleetio-account',
      SAILPOINT_BASE_URL: simulators.urls.sailpoint,
      SAILPOINT_CLIENT_ID: 'sim-sailpoint-client',
      SAILPOINT_CLIENT_SECRET: 'sim-sailpoint-secret',
      COMMERCELAYER_BASE_URL: simulators.urls.commercelayer,
      COMMERCELAYER_AUTH_URL: simulators.urls.commercelayer,
      COMMERCELAYER_CLIENT_ID: 'sim-cl-client',
      COMMERCELAYER_CLIENT_SECRET: 'sim-cl-secret',
      ...env,
    },
    nodeArgs,
  );
  // Output is read to the end (pino logs on stdout; an unread pipe would stall the gateway), and its
  // tail kept, so a gateway that dies before it answers says why.
  let tail = '';
  const keep = (chunk: Buffer) => (tail = (tail + chunk.toString()).slice(-4_000));
  child.stderr!.on('data', keep);
  const exited = once(child, 'exit').then(
    ([code, signal]) => `exited (${String(code ?? signal)})`,
    (error: Error) => `could not be spawned (${error.message})`,
  );
  const fail = (why: string) => {
    child.kill('SIGKILL');
    return new Error(`the gateway ${why} before it answered a query:\n${tail}`);
  };
  const url = await new Promise<string>((resolve) => {
    let lines = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      keep(chunk);
      lines += chunk.toString();
      const found = /GraphQL:\s+(\S+)/.exec(lines);
      if (found) resolve(found[1]!);
    });
    // Stdout closed without the URL line: the process is gone (a bad setting, a crash at start).
    child.stdout!.once('close', () => resolve(''));
  });
  if (!url) throw fail(await exited);
  const giveUpAt = started + READY_TIMEOUT_MS;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) throw fail(await exited);
    if (performance.now() > giveUpAt) throw fail(`did not answer within ${READY_TIMEOUT_MS} ms`);
    try {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: '{ imports(first: 1) { edges { cursor } } }' }),
        signal: AbortSignal.timeout(5_000),
      });
      const body = (await response.json()) as { errors?: unknown };
      if (response.ok && !body.errors) break;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  const coldStartMs = performance.now() - started;
  return {
    url,
    pid: child.pid!,
    coldStartMs,
    output: () => tail,
    stop: () => stop(child),
  } satisfies GatewayProcess;
}

/**
 * A bench script in a process of its own, started once, that answers requests over IPC one
 * `{ id, payload }` at a time with `{ id, result }` or `{ id, error }` (load-generator.ts,
 * subscribers.ts).
 */
export class WorkerProcess<Payload, Result> {
  private readonly child: ChildProcess;
  private readonly pending = new Map<number, { resolve(result: Result): void; reject(error: Error): void }>();
  private nextId = 0;

  constructor(private readonly script: string) {
    this.child = spawn(process.execPath, ['--import', 'tsx', script], {
      cwd: root,
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    this.child.on('message', (message: { id: number; result?: Result; error?: string }) => {
      const waiter = this.pending.get(message.id);
      this.pending.delete(message.id);
      if (message.error !== undefined) waiter?.reject(new Error(`${script} failed: ${message.error}`));
      else waiter?.resolve(message.result!);
    });
    this.child.once('exit', (code) => {
      for (const waiter of this.pending.values()) waiter.reject(new Error(`${script} exited (${code})`));
      this.pending.clear();
    });
  }

  get pid(): number {
    return this.child.pid!;
  }

  call(payload: Payload): Promise<Result> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.child.send({ id, payload });
    });
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null) return;
    const exited = once(this.child, 'exit');
    this.child.disconnect();
    await exited;
  }
}

/** The load generator (load-generator.ts), one run at a time. */
export class LoadProcess extends WorkerProcess<LoadSpec, LoadResult> {
  constructor() {
    super('bench/load-generator.ts');
  }

  run(spec: LoadSpec): Promise<LoadResult> {
    return this.call(spec);
  }
}

/** Resident set size of a process in bytes, from /proc (Linux). */
export async function rssOf(pid: number): Promise<number> {
  const { readFile } = await import('node:fs/promises');
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const kb = /VmRSS:\s+(\d+) kB/.exec(status)?.[1];
  return Number(kb ?? 0) * 1024;
}

/** Clock ticks per second of /proc/<pid>/stat's times (USER_HZ, 100 on Linux). */
const TICKS_PER_SECOND = 100;

/** CPU seconds a process has used so far, user and system, from /proc (Linux; 10 ms resolution). */
export async function cpuSecondsOf(pid: number): Promise<number> {
  const { readFile } = await import('node:fs/promises');
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name (which may hold spaces) in parentheses; utime and stime are 14 and 15.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
}

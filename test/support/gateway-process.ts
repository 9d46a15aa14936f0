/**
 * A gateway in a child process, so a test can kill it outright (SIGKILL: no shutdown, leases
 * left to expire) as a crashed instance would be, or measure its memory apart from the test's.
 * `spawnGateway` runs this file, which reads `{ env, options }` as JSON from the GATEWAY_PROCESS
 * variable and prints `{"url": …, "leaseOwner": …}` on stdout once listening; `spawnMain` runs `src/main.ts`, the
 * entry point operators run, configured by its environment alone.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '../../src/config.ts';
import { startGateway, type GatewayOptions } from '../../src/gateway.ts';
import { testLogFile, testLogger } from './test-log.ts';

/** Settings under every child gateway unless its env says otherwise: the page cache is opted into. */
const TEST_DEFAULTS = { PAGE_CACHE_TTL_MS: '0' };

interface ProcessSpec {
  env: Record<string, string>;
  options: GatewayOptions;
}

export interface GatewayProcess {
  url: string;
  /** How its Redis leases name this instance (undefined when embedded). */
  leaseOwner: string | undefined;
  /** What src/main.ts printed on its `Metrics:` line (spawnMain only). */
  metricsUrl?: string;
  child: ChildProcess;
  kill(): Promise<void>;
}

/** Starts the gateway of `spec` in a child process and waits until it listens. */
export function spawnGateway(spec: ProcessSpec): Promise<GatewayProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url)], {
    env: { ...process.env, GATEWAY_PROCESS: JSON.stringify(spec) },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let output = '';
    child.once('exit', (code) => reject(new Error(`the gateway process exited with ${code}: ${output}`)));
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString('utf8');
      const line = /^\{"url".*\}$/m.exec(output);
      if (!line) return;
      child.removeAllListeners('exit');
      const started = JSON.parse(line[0]) as { url: string; leaseOwner?: string };
      resolve({
        url: started.url,
        leaseOwner: started.leaseOwner,
        child,
        kill: () => killProcess(child),
      });
    });
  });
}

/**
 * Runs `node --import tsx src/main.ts` with `env` over this process's environment and waits for
 * the `GraphQL: <url>/graphql` line it prints once listening; `printed` is what it wrote until
 * then. Logs go to the run's log file (LOG_FILE), at debug level, unless `env` says otherwise.
 */
export function spawnMain(
  env: Record<string, string>,
  nodeOptions: string[] = [],
): Promise<GatewayProcess & { printed: string }> {
  const main = fileURLToPath(new URL('../../src/main.ts', import.meta.url));
  const logFile = testLogFile();
  const child = spawn(process.execPath, [...nodeOptions, '--import', 'tsx', main], {
    env: {
      ...process.env,
      ...(logFile ? { LOG_FILE: logFile, LOG_LEVEL: 'debug' } : {}),
      ...TEST_DEFAULTS,
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  // A test process that dies (a crash, a timeout) must not leave a gateway running.
  const orphaned = () => child.kill('SIGKILL');
  process.once('exit', orphaned);
  child.once('exit', () => process.off('exit', orphaned));
  return new Promise((resolve, reject) => {
    let output = '';
    let started = false;
    child.stdout.on('data', (chunk: Buffer) => {
      if (started) return;
      output += chunk.toString('utf8');
      const line = /^GraphQL:\s+(\S+)\/graphql$/m.exec(output);
      if (!line) return;
      started = true;
      child.removeAllListeners('exit');
      // main.ts prints its start-up lines in one write, so the Metrics line came with this one.
      const metricsUrl = /^Metrics:\s+(\S+)$/m.exec(output)?.[1];
      resolve({
        url: line[1]!,
        leaseOwner: undefined,
        metricsUrl,
        child,
        kill: () => killProcess(child),
        printed: output,
      });
    });
    // A configuration error is printed on stderr before the process exits with 2.
    child.stderr.on('data', (chunk: Buffer) => {
      if (!started) output += chunk.toString('utf8');
    });
    child.once('exit', (code) => reject(new Error(`src/main.ts exited with ${code}: ${output}`)));
  });
}

function killProcess(child: ChildProcess): Promise<void> {
  return new Promise((done) => {
    if (child.exitCode !== null || child.signalCode !== null) return done();
    child.once('exit', () => done());
    child.kill('SIGKILL');
  });
}

if (process.env.GATEWAY_PROCESS && process.argv[1] === fileURLToPath(import.meta.url)) {
  const spec = JSON.parse(process.env.GATEWAY_PROCESS) as ProcessSpec;
  const gateway = await startGateway({
    ...spec.options,
    config: loadConfig({ ...TEST_DEFAULTS, ...spec.env }),
    log: testLogger(),
  });
  process.stdout.write(`${JSON.stringify({ url: gateway.url, leaseOwner: gateway.live.leaseOwner })}\n`);
}

/**
 * A gateway in a child process, so a test can kill it outright (SIGKILL: no shutdown, leases
 * left to expire) as a crashed instance would be. Reads `{ env, options }` as JSON from the
 * GATEWAY_PROCESS variable, prints `{"url": …}` on stdout once listening.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '../../src/config.ts';
import { startGateway, type GatewayOptions } from '../../src/gateway.ts';
import { testLogger } from './test-log.ts';

interface ProcessSpec {
  env: Record<string, string>;
  options: GatewayOptions;
}

export interface GatewayProcess {
  url: string;
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
      resolve({
        url: (JSON.parse(line[0]) as { url: string }).url,
        child,
        kill: () =>
          new Promise((done) => {
            if (child.exitCode !== null || child.signalCode !== null) return done();
            child.once('exit', () => done());
            child.kill('SIGKILL');
          }),
      });
    });
  });
}

if (process.env.GATEWAY_PROCESS && process.argv[1] === fileURLToPath(import.meta.url)) {
  const spec = JSON.parse(process.env.GATEWAY_PROCESS) as ProcessSpec;
  const gateway = await startGateway(loadConfig(spec.env), testLogger(), undefined, spec.options);
  process.stdout.write(`${JSON.stringify({ url: gateway.url })}\n`);
}

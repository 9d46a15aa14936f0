import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulators, type SimulatorSet } from '../../src/simulators/index.ts';
import { survivorsOf } from '../support/process-tree.ts';
import { variationsFromEnv } from '../support/variations.ts';

/**
 * `npm start` itself (src/main.ts) in a child process, stopped with SIGTERM as an orchestrator
 * would: requests in flight finish, live clients are told 1001, the process exits 0.
 */
let simulators: SimulatorSet;
let dataDir: string;
beforeAll(async () => {
  simulators = await startSimulators({
    clock: 'manual',
    rateLimits: false,
    imports: 5,
    quiet: true,
    variations: variationsFromEnv(),
  });
  dataDir = mkdtempSync(join(tmpdir(), 'gateway-shutdown-'));
});
afterAll(async () => {
  await simulators.close();
  rmSync(dataDir, { recursive: true, force: true });
});

function startMain(): Promise<{ child: ChildProcess; url: string; exited: Promise<number | null> }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    env: {
      ...process.env,
      PORT: '0',
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      LOG_LEVEL: 'warn',
      SHUTDOWN_GRACE_MS: '5000',
      REQUEST_TIMEOUT_MS: '5000',
      UPSTREAM_RATE_LIMITS: 'off',
      COMMERCELAYER_BASE_URL: simulators.commercelayer.url,
      COMMERCELAYER_AUTH_URL: simulators.commercelayer.url,
      COMMERCELAYER_CLIENT_ID: 'sim-cl-client',
      COMMERCELAYER_CLIENT_SECRET: 'sim-cl-secret',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    let output = '';
    child.once('exit', (code) =>
      reject(new Error(`the gateway exited with ${code} before listening: ${output}`)),
    );
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString('utf8');
      const match = /GraphQL: +(http:\/\/\S+)\/graphql/.exec(output);
      if (match) resolve({ child, url: match[1]!, exited });
    });
  });
}

describe('SIGTERM', () => {
  it('finishes a query in flight, closes WebSockets with 1001 and exits 0', async () => {
    const { child, url, exited } = await startMain();
    const socket = new WebSocket(`${url.replace('http', 'ws')}/graphql`, 'graphql-transport-ws');
    await new Promise((resolve) => socket.once('open', resolve));
    socket.send(JSON.stringify({ type: 'connection_init' }));
    await new Promise((resolve) => socket.once('message', resolve));
    const closeCode = new Promise<number>((resolve) => socket.once('close', resolve));

    // Every vendor answer now takes 1.5 s: the query is surely in flight when SIGTERM comes.
    await fetch(`${simulators.commercelayer.url}/__sim/faults`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ latencyMs: 1500 }),
    });
    try {
      const started = Date.now();
      const slow = fetch(`${url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: '{ imports(first: 3) { nodes { providerId } } }' }),
      });
      await new Promise((resolve) => setTimeout(resolve, 300));
      child.kill('SIGTERM');

      const answer = await slow;
      expect(answer.status).toBe(200);
      const body = (await answer.json()) as { data: { imports: { nodes: unknown[] } }; errors?: unknown };
      expect(body.errors).toBeUndefined();
      expect(body.data.imports.nodes).toHaveLength(3);
      expect(Date.now() - started).toBeGreaterThanOrEqual(1500);
      expect(await closeCode).toBe(1001);
      expect(await exited).toBe(0);
      // Nothing listens any more.
      await expect(fetch(`${url}/healthz`)).rejects.toThrow();
    } finally {
      await fetch(`${simulators.commercelayer.url}/__sim/faults`, { method: 'DELETE' });
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  });
});

describe('npm start', () => {
  it('hands SIGTERM on to the gateway it starts: nothing is left running', async () => {
    // `npm start` builds with esbuild first, then runs the bundle: demo mode, on a free port.
    const npm = spawn('npm', ['start'], {
      cwd: fileURLToPath(new URL('../..', import.meta.url)),
      env: { ...process.env, DEMO: '1', NODE_ENV: 'development', PORT: '0', LOG_LEVEL: 'warn', LOG_FILE: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      let output = '';
      await new Promise<void>((resolve, reject) => {
        npm.stdout.on('data', (chunk: Buffer) => {
          output += chunk.toString('utf8');
          if (/GraphQL: +http/.test(output)) resolve();
        });
        npm.once('exit', (code) => reject(new Error(`npm start exited with ${code}: ${output}`)));
      });
      expect(await survivorsOf(npm.pid!, 'SIGTERM', 5_000)).toEqual([]);
    } finally {
      if (npm.exitCode === null && npm.signalCode === null) npm.kill('SIGKILL');
    }
  }, 60_000);
});

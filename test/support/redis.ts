import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:net';
import { Redis } from 'ioredis';

const DEFAULT_URL = 'redis://127.0.0.1:6379';

async function answers(url: string): Promise<Error | undefined> {
  const redis = new Redis(url, {
    lazyConnect: true,
    connectTimeout: 1_000,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  redis.on('error', () => undefined);
  try {
    await redis.connect();
    await redis.ping();
    return undefined;
  } catch (error) {
    return error as Error;
  } finally {
    redis.disconnect();
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** A redis-server of this test process on loopback, which a test may stop and start again. */
export interface DisposableRedis {
  url: string;
  /** Kills the server outright (SIGKILL), as a crashed or unreachable Redis. */
  stop(): Promise<void>;
  /** Starts it again on the same port, empty. */
  start(): Promise<void>;
}

const hasRedisServer = () => spawnSync('redis-server', ['--version']).status === 0;

/** A throwaway redis-server on loopback, when the binary is installed. */
export async function startDisposableRedis(): Promise<DisposableRedis | undefined> {
  if (!hasRedisServer()) {
    const why = 'redis-server is not installed (apt-get install redis-server)';
    if (process.env.REQUIRE_REDIS === '1') throw new Error(`REQUIRE_REDIS=1 but ${why}.`);
    process.stderr.write(`\nNOTICE: Redis outage tests skipped: ${why}.\n`);
    return undefined;
  }
  const port = await freePort();
  const url = `redis://127.0.0.1:${port}`;
  let child: ChildProcess | undefined;
  process.once('exit', () => child?.kill('SIGKILL'));
  const server: DisposableRedis = {
    url,
    async start() {
      child = spawn(
        'redis-server',
        ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
        { stdio: 'ignore' },
      );
      for (let attempt = 0; attempt < 50; attempt++) {
        if (!(await answers(url))) return;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      throw new Error(`redis-server did not start on port ${port}`);
    },
    async stop() {
      const running = child;
      child = undefined;
      if (!running || running.exitCode !== null) return;
      const exited = new Promise((resolve) => running.once('exit', resolve));
      running.kill('SIGKILL');
      await exited;
    },
  };
  await server.start();
  return server;
}

async function startOwnRedis(): Promise<string | undefined> {
  if (!hasRedisServer()) return undefined;
  try {
    return (await startDisposableRedis())?.url;
  } catch {
    return undefined;
  }
}

/**
 * The Redis the Redis tests use: REDIS_TEST_URL (CI sets it), else one on 127.0.0.1:6379, else
 * one this process starts when redis-server is installed. Without any, the tests are skipped with
 * a notice; CI sets REQUIRE_REDIS=1, which turns that into a failure instead.
 */
export async function testRedisUrl(): Promise<string | undefined> {
  const url = process.env.REDIS_TEST_URL ?? DEFAULT_URL;
  const problem = await answers(url);
  if (!problem) return url;
  const own = process.env.REDIS_TEST_URL ? undefined : await startOwnRedis();
  if (own) return own;
  const why = `no Redis answers at ${url} (${problem.message}) and none could be started (apt-get install redis-server)`;
  if (process.env.REQUIRE_REDIS === '1') throw new Error(`REQUIRE_REDIS=1 but ${why}.`);
  process.stderr.write(`\nNOTICE: Redis tests skipped: ${why}.\n`);
  return undefined;
}

/** A key prefix no other test run uses, so runs (and parallel files) never see each other's keys. */
export function testKeyPrefix(): string {
  return `import-gateway-test:${randomUUID()}:`;
}

/** Deletes every key under the prefix (the test's own), leaving the rest of the server alone. */
export async function deleteKeys(url: string, prefix: string): Promise<void> {
  const redis = new Redis(url, { maxRetriesPerRequest: 1 });
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
      if (keys.length > 0) await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}

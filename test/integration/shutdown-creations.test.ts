import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { connect } from 'node:net';
import { join } from 'node:path';
import WebSocket from 'ws';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { controlSimulator } from '../../src/simulators/control-client.ts';
import { startSimulators, type SimulatorSet } from '../../src/simulators/index.ts';
import { postGraphql } from '../support/gateway.ts';
import { spawnMain, type GatewayProcess } from '../support/gateway-process.ts';
import { SIMULATOR_CREDENTIALS } from '../support/secrets.ts';
import { waitFor } from '../support/wait.ts';
import { CREATE_IMPORT, type CreatePayload, transformDocument } from './mutations.ts';

/**
 * A creation is never lost to a client or a shutdown (docs/SECURITY.md, Creations run to their
 * deadline): `src/main.ts` in a child process, SailPoint answering every request 1.5 s late.
 */
let simulators: SimulatorSet;
let root: string;
const running: GatewayProcess[] = [];
const LATENCY_MS = 1_500;
const CREATIONS = 'POST /v2025/sp-config/import';

beforeAll(async () => {
  simulators = await startSimulators({ clock: 'manual', rateLimits: false, imports: 0, quiet: true });
  root = mkdtempSync(join(tmpdir(), 'gateway-shutdown-creations-'));
});
afterEach(async () => {
  for (const gateway of running.splice(0)) await gateway.kill();
  await controlSimulator(simulators.sailpoint.url, 'DELETE', '/__sim/faults');
});
afterAll(async () => {
  await simulators.close();
  rmSync(root, { recursive: true, force: true });
});

async function startGateway(dataDir: string): Promise<GatewayProcess> {
  const gateway = await spawnMain({
    PORT: '0',
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    REQUEST_TIMEOUT_MS: '6000',
    SHUTDOWN_GRACE_MS: '6000',
    UPSTREAM_RATE_LIMITS: 'off',
    SAILPOINT_BASE_URL: simulators.sailpoint.url,
    SAILPOINT_CLIENT_ID: 'sim-sailpoint-client',
    SAILPOINT_CLIENT_SECRET: SIMULATOR_CREDENTIALS.sailpointClientSecret,
  });
  running.push(gateway);
  // A token first, so that the slow request is the creation itself.
  await postGraphql(gateway.url, '{ imports(first: 1) { nodes { id } } }');
  return gateway;
}

const LIST = '{ imports(first: 100, filter: { providers: [SAILPOINT] }) { nodes { id providerId } } }';
const listed = async (url: string) =>
  (await postGraphql<{ imports: { nodes: { id: string; providerId: string }[] } }>(url, LIST)).data!.imports
    .nodes;

async function creations(): Promise<number> {
  const { requests } = await controlSimulator<{ requests: Record<string, number> }>(
    simulators.sailpoint.url,
    'GET',
    '/__sim/stats',
  );
  return requests[CREATIONS] ?? 0;
}

/**
 * Long enough for the creation to be sent, well short of SailPoint's 1.5 s answer (the simulator
 * counts a request once it answers it, so its stats cannot tell).
 */
const inFlight = () => new Promise((resolve) => setTimeout(resolve, 500));

const slowVendor = () =>
  controlSimulator(simulators.sailpoint.url, 'PUT', '/__sim/faults', { latencyMs: LATENCY_MS });

describe('a creation in flight', () => {
  it('is registered when its client disconnects, and a retry with its key creates nothing more', async () => {
    const gateway = await startGateway(mkdtempSync(join(root, 'data-')));
    const input = {
      provider: 'SAILPOINT',
      document: transformDocument('d4e5f6a7', 'Left Email'),
      idempotencyKey: 'disconnect-1',
    };
    await controlSimulator(simulators.sailpoint.url, 'DELETE', '/__sim/stats');
    await slowVendor();
    // A client that goes away for good: its connection reset mid-request, as a crashed client's is.
    const body = JSON.stringify({ query: CREATE_IMPORT, variables: { input } });
    const { host, port } = new URL(gateway.url);
    const client = connect({ host: host.split(':')[0]!, port: Number(port) });
    await new Promise((resolve) => client.once('connect', resolve));
    client.write(
      `POST /graphql HTTP/1.1\r\nhost: ${host}\r\ncontent-type: application/json\r\n` +
        `content-length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
    );
    await inFlight();
    client.resetAndDestroy();

    const [job] = await waitFor('the job in the registry', async () => {
      const nodes = await listed(gateway.url);
      return nodes.length === 1 ? nodes : undefined;
    });
    const retry = await postGraphql<CreatePayload>(gateway.url, CREATE_IMPORT, { input });
    expect(retry.errors).toBeUndefined();
    expect(retry.data!.createImport.userErrors).toEqual([]);
    expect(retry.data!.createImport.import!.id).toBe(job!.id);
    expect(await creations()).toBe(1);
  });

  it('holds a SIGTERM back over WebSocket until the job is registered', async () => {
    const dataDir = mkdtempSync(join(root, 'data-'));
    const gateway = await startGateway(dataDir);
    const socket = new WebSocket(`${gateway.url.replace('http', 'ws')}/graphql`, 'graphql-transport-ws');
    await new Promise((resolve) => socket.once('open', resolve));
    socket.send(JSON.stringify({ type: 'connection_init' }));
    await new Promise((resolve) => socket.once('message', resolve));
    await controlSimulator(simulators.sailpoint.url, 'DELETE', '/__sim/stats');
    await slowVendor();
    const input = { provider: 'SAILPOINT', document: transformDocument('a7b8c9d0', 'Term Email') };
    socket.send(
      JSON.stringify({ id: '1', type: 'subscribe', payload: { query: CREATE_IMPORT, variables: { input } } }),
    );
    await inFlight();
    const exited = new Promise<number | null>((resolve) => gateway.child.once('exit', resolve));
    gateway.child.kill('SIGTERM');
    expect(await exited).toBe(0);
    running.splice(running.indexOf(gateway), 1);
    socket.terminate();

    await controlSimulator(simulators.sailpoint.url, 'DELETE', '/__sim/faults');
    const restarted = await startGateway(dataDir);
    const { jobs } = { jobs: await listed(restarted.url) };
    expect(jobs).toHaveLength(1);
    expect(await creations()).toBe(1);
  });
});

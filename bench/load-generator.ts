/**
 * The load generator, run in its own process so it never shares a CPU queue with the gateway's
 * event loop. Closed loop: `concurrency` workers each run one operation after another for
 * `durationMs`; every latency is kept (a few hundred thousand numbers at most) for exact
 * percentiles.
 */
import { performance } from 'node:perf_hooks';
import { Agent, request } from 'undici';

export type LoadTarget =
  | {
      kind: 'gateway';
      url: string;
      query: string;
      variables?: Record<string, unknown>;
      /** A DateTime variable given a value of its own in each request, so no two are alike (nothing coalesced). */
      distinctInstant?: string;
    }
  | {
      kind: 'direct';
      fleetioUrl: string;
      commerceLayerUrl: string;
      pageSize: number;
    };

export interface LoadSpec {
  target: LoadTarget;
  concurrency: number;
  durationMs: number;
  warmupMs: number;
}

export interface LoadResult {
  operations: number;
  errors: number;
  seconds: number;
  requestsPerSecond: number;
  p50Ms: number;
  p90Ms: number;
  p99Ms: number;
  meanMs: number;
}

const agent = new Agent({ connections: 256, keepAliveTimeout: 30_000 });

async function getJson(url: string, headers: Record<string, string>): Promise<unknown> {
  const response = await request(url, { dispatcher: agent, headers });
  const body = await response.body.text();
  if (response.statusCode >= 400) throw new Error(`${url} answered ${response.statusCode}`);
  return JSON.parse(body) as unknown;
}

/** What a frontend would do without the gateway: both list endpoints at once, parse, merge 25. */
async function directOperation(target: Extract<LoadTarget, { kind: 'direct' }>, commerceToken: string) {
  const [fleetio, commerce] = await Promise.all([
    getJson(`${target.fleetioUrl}/api/v1/imports?per_page=${target.pageSize}&sort[created_at]=desc`, {
      authorization: 'Token sim-fleetio-key',
      'account-token': 'sim-fleetio-account',
      accept: 'application/json',
      'x-api-version': '2025-05-05',
    }) as Promise<{ records: { id: number; created_at: string; status: string }[] }>,
    getJson(
      // Sparse fields, as a careful frontend would ask (and as the gateway does): a fair baseline.
      `${target.commerceLayerUrl}/api/imports?page[size]=${Math.min(25, target.pageSize)}&sort=-created_at` +
        '&fields[imports]=status,resource_type,created_at,updated_at',
      {
        authorization: `Bearer ${commerceToken}`,
        accept: 'application/vnd.api+json',
      },
    ) as Promise<{ data: { id: string; attributes: { created_at: string; status: string } }[] }>,
  ]);
  const merged = [
    ...fleetio.records.map((record) => ({
      id: String(record.id),
      at: Date.parse(record.created_at),
      status: record.status,
    })),
    ...commerce.data.map((resource) => ({
      id: resource.id,
      at: Date.parse(resource.attributes.created_at),
      status: resource.attributes.status,
    })),
  ];
  merged.sort((a, b) => b.at - a.at);
  return merged.slice(0, target.pageSize);
}

async function commerceLayerToken(url: string): Promise<string> {
  const response = await request(`${url}/oauth/token`, {
    dispatcher: agent,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      grant_type: 'client_credentials',
      client_id: 'sim-cl-client',
      client_secret: 'sim-cl-secret',
    }),
  });
  return ((await response.body.json()) as { access_token: string }).access_token;
}

/** Distinct instants, a second apart, far enough ahead that every import was created before them. */
let nextInstant = Date.UTC(2040, 0, 1);

async function gatewayOperation(target: Extract<LoadTarget, { kind: 'gateway' }>) {
  const variables = target.distinctInstant
    ? { ...target.variables, [target.distinctInstant]: new Date((nextInstant += 1_000)).toISOString() }
    : target.variables;
  const response = await request(target.url, {
    dispatcher: agent,
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
    body: JSON.stringify({ query: target.query, variables }),
  });
  const body = (await response.body.json()) as { errors?: unknown[] };
  if (response.statusCode !== 200 || body.errors) throw new Error(`gateway answered ${response.statusCode}`);
  return body;
}

function percentile(sorted: number[], share: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor(share * sorted.length))]!;
}

export async function runLoad(spec: LoadSpec): Promise<LoadResult> {
  const token = spec.target.kind === 'direct' ? await commerceLayerToken(spec.target.commerceLayerUrl) : '';
  const target = spec.target;
  const operation = () =>
    target.kind === 'direct' ? directOperation(target, token) : gatewayOperation(target);
  const latencies: number[] = [];
  let errors = 0;
  const warmupEnds = performance.now() + spec.warmupMs;
  const ends = warmupEnds + spec.durationMs;
  const worker = async () => {
    while (performance.now() < ends) {
      const started = performance.now();
      try {
        await operation();
        if (started >= warmupEnds) latencies.push(performance.now() - started);
      } catch {
        if (started >= warmupEnds) errors += 1;
      }
    }
  };
  await Promise.all(Array.from({ length: spec.concurrency }, worker));
  latencies.sort((a, b) => a - b);
  const seconds = spec.durationMs / 1000;
  return {
    operations: latencies.length,
    errors,
    seconds,
    requestsPerSecond: latencies.length / seconds,
    p50Ms: percentile(latencies, 0.5),
    p90Ms: percentile(latencies, 0.9),
    p99Ms: percentile(latencies, 0.99),
    meanMs: latencies.reduce((sum, value) => sum + value, 0) / Math.max(1, latencies.length),
  };
}

/**
 * Runs as a worker: each LoadSpec received over IPC is run and answered with its LoadResult, one
 * after the other, so one process (started once) serves every run of the bench.
 */
if (process.send) {
  process.on('message', (message: { id: number; payload: LoadSpec }) => {
    void runLoad(message.payload).then(
      (result) => process.send!({ id: message.id, result }),
      (error: Error) => process.send!({ id: message.id, error: error.stack ?? error.message }),
    );
  });
  process.on('disconnect', () => void agent.close().finally(() => process.exit(0)));
}

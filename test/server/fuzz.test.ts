/**
 * Bad input against a gateway in a child process (`node --import tsx src/main.ts`, configured by
 * its environment as an operator would, against the simulators on loopback): every request gets
 * a 4xx, or a GraphQL answer whose errors carry a clear message and a known code; never a 5xx, a
 * stack trace or a hang; and afterwards the process still answers and its heap is back near
 * where it was. The gateway runs apart so that its memory, read from its own /metrics, is its own.
 */
import { createHmac } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { buildGatewaySchema } from '../../src/graphql/schema.ts';
import { startSimulators, type SimulatorSet } from '../../src/simulators/index.ts';
import {
  errorsProblem,
  fuzz,
  INTERNAL_WORDING,
  nextEvents,
  problemOf,
  streamOf,
  type Answer,
} from '../support/fuzz-answers.ts';
import { RequestFuzzer, type FuzzRequest } from '../support/fuzz-documents.ts';
import { spawnMain, type GatewayProcess } from '../support/gateway-process.ts';
import { upgradeAnswer } from '../support/raw-http.ts';
import { API_KEYS, apiKeyEntry, SIMULATOR_CREDENTIALS, WEBHOOK_SECRETS } from '../support/secrets.ts';

const MAX_BODY_BYTES = 1024 * 1024;
/** Per request: a request that takes longer is a hang as far as this test is concerned. */
const REQUEST_TIMEOUT_MS = 30_000;
/** How far the heap may stay above its baseline once the fuzz is over and the process idles. */
const HEAP_SLACK_BYTES = 64 * 1024 * 1024;

const auth = { authorization: `Bearer ${API_KEYS.fuzz}` };
const json = { ...auth, 'content-type': 'application/json' };

interface Sent {
  method?: string;
  path?: string;
  headers?: Record<string, string>;
  body?: string | Uint8Array | ReadableStream<Uint8Array>;
}

let simulators: SimulatorSet;
let gateway: GatewayProcess;
let dataDir: string;
const fuzzer = new RequestFuzzer(buildGatewaySchema(), 20_261_102);
const memory: Record<'baseline' | 'peak' | 'settled', MemoryReading | undefined> = {
  baseline: undefined,
  peak: undefined,
  settled: undefined,
};

async function send({ method = 'POST', path = '/graphql', headers = json, body }: Sent): Promise<Answer> {
  const response = await fetch(`${gateway.url}${path}`, {
    method,
    headers,
    body,
    signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    ...(body instanceof ReadableStream ? { duplex: 'half' } : {}),
  } as RequestInit);
  return {
    status: response.status,
    contentType: response.headers.get('content-type') ?? '',
    text: await response.text(),
  };
}

const post = (request: unknown, headers: Record<string, string> = json) =>
  send({ headers, body: JSON.stringify(request) });

interface MemoryReading {
  heapUsed: number;
  rss: number;
}

/** The child's own figures, from prom-client's default metrics at /metrics. */
async function readMemory(): Promise<MemoryReading> {
  const text = (await send({ method: 'GET', path: '/metrics', headers: {} })).text;
  const value = (name: string) => {
    const line = new RegExp(`^${name} (\\S+)$`, 'm').exec(text);
    if (!line) throw new Error(`/metrics has no ${name}`);
    return Number(line[1]);
  };
  return { heapUsed: value('nodejs_heap_size_used_bytes'), rss: value('process_resident_memory_bytes') };
}

const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;

const shortly = (request: FuzzRequest) => JSON.stringify(request).slice(0, 160);

function signCommerceLayer(body: string | Buffer, secret: string = WEBHOOK_SECRETS.commerceLayer) {
  return createHmac('sha256', secret).update(body).digest('base64');
}

function signFleetio(body: string | Buffer, secret: string = WEBHOOK_SECRETS.fleetio) {
  return createHmac('sha256', secret).update(body).digest('hex');
}

beforeAll(async () => {
  simulators = await startSimulators({ clock: 'manual', rateLimits: false, quiet: true, imports: 20 });
  dataDir = mkdtempSync(join(tmpdir(), 'gateway-fuzz-'));
  gateway = await spawnMain({
    // Production: introspection and the playground off, as a gateway facing the internet runs.
    NODE_ENV: 'production',
    PORT: '0',
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    MAX_BODY_BYTES: String(MAX_BODY_BYTES),
    REQUEST_TIMEOUT_MS: '10000',
    UPSTREAM_RATE_LIMITS: 'off',
    GATEWAY_API_KEYS: apiKeyEntry('fuzz', API_KEYS.fuzz, 'imports:read+imports:write'),
    FLEETIO_BASE_URL: `${simulators.fleetio.url}/api`,
    FLEETIO_API_KEY: SIMULATOR_CREDENTIALS.fleetioApiKey,
    FLEETIO_ACCOUNT_TOKEN: SIMULATOR_CREDENTIALS.fleetioAccountToken,
    FLEETIO_WEBHOOK_SECRET: WEBHOOK_SECRETS.fleetio,
    SAILPOINT_BASE_URL: simulators.sailpoint.url,
    SAILPOINT_CLIENT_ID: 'sim-sailpoint-client',
    SAILPOINT_CLIENT_SECRET: SIMULATOR_CREDENTIALS.sailpointClientSecret,
    COMMERCELAYER_BASE_URL: simulators.commercelayer.url,
    COMMERCELAYER_AUTH_URL: simulators.commercelayer.url,
    COMMERCELAYER_CLIENT_ID: 'sim-cl-client',
    COMMERCELAYER_CLIENT_SECRET: SIMULATOR_CREDENTIALS.commerceLayerClientSecret,
    COMMERCELAYER_WEBHOOK_SECRET: WEBHOOK_SECRETS.commerceLayer,
  });
  // Real ids, so that generated documents reach the vendors as often as they fail on the id.
  const listed = JSON.parse((await post({ query: '{ imports(first: 30) { nodes { id } } }' })).text) as {
    data: { imports: { nodes: { id: string }[] } };
  };
  fuzzer.ids = listed.data.imports.nodes.map((node) => node.id);
  expect(fuzzer.ids.length).toBeGreaterThan(10);

  // Warm-up: the same kinds of requests the fuzz sends (code compiled, pools and caches filled)
  // before the baseline, so what the fuzz leaves behind is all the comparison shows.
  const warmUp = new RequestFuzzer(buildGatewaySchema(), 7);
  warmUp.ids = fuzzer.ids;
  const warmUpRequests = Array.from({ length: 300 }, (_, index) =>
    index % 3 === 0 ? warmUp.fromSchema() : index % 3 === 1 ? warmUp.damaged() : warmUp.garbage(),
  );
  await fuzz(
    'warm-up',
    warmUpRequests.map((request) => () => post(request)),
    () => true,
    () => '',
  );
  await send({
    headers: json,
    body: `{"query":"{ import(id: \\"${'x'.repeat(MAX_BODY_BYTES - 100)}\\") { id } }"}`,
  });
  await sleep(2_000);
  memory.baseline = await readMemory();
}, 120_000);

afterAll(async () => {
  await gateway?.kill();
  await simulators?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  if (memory.baseline && memory.settled) {
    // The figures, for whoever wonders how much the fuzz costs the process.
    console.info(
      `fuzz memory: heap used ${mib(memory.baseline.heapUsed)} at baseline, ${mib(memory.peak?.heapUsed ?? 0)} right after, ` +
        `${mib(memory.settled.heapUsed)} settled; RSS ${mib(memory.baseline.rss)}, ${mib(memory.peak?.rss ?? 0)}, ${mib(memory.settled.rss)}`,
    );
  }
});

describe('GraphQL over HTTP, fuzzed', () => {
  it('answers documents from the schema, damaged documents and garbage with data or clean errors', async () => {
    const requests: FuzzRequest[] = [];
    for (let index = 0; index < 1_000; index++) {
      requests.push(
        index % 2 === 0 ? fuzzer.fromSchema() : index % 4 === 1 ? fuzzer.damaged() : fuzzer.garbage(),
      );
    }
    const answers: Answer[] = [];
    const problems = await fuzz(
      'document',
      requests.map((request, index) => async () => (answers[index] = await post(request))),
      // A garbage document must be refused; the others may well be valid and answered.
      (index) => index % 4 !== 3,
      (index) => shortly(requests[index]!),
    );
    expect(problems).toEqual([]);
    // The generator reaches past the parser and validation often enough to mean something: some
    // documents from the schema run, with data, and some are refused by every stage.
    const fromSchema = answers.filter((_, index) => index % 2 === 0);
    const withData = fromSchema.filter((answer) => answer.status === 200 && /^\{"data":\{/.test(answer.text));
    expect(withData.length).toBeGreaterThan(fromSchema.length / 10);
    for (const code of ['GRAPHQL_PARSE_FAILED', 'GRAPHQL_VALIDATION_FAILED', 'BAD_USER_INPUT'])
      expect(answers.some((answer) => answer.text.includes(`"code":"${code}"`))).toBe(true);
  }, 300_000);

  it('refuses variables of the wrong type with BAD_USER_INPUT', async () => {
    const operations = [
      'query ($v: Int) { imports(first: $v) { totalCount } }',
      'query ($v: ID!) { import(id: $v) { id } }',
      'query ($v: [ID!]!) { nodes(ids: $v) { id } }',
      'query ($v: ImportFilter) { imports(first: 1, filter: $v) { totalCount } }',
      'query ($v: ImportOrder) { imports(first: 1, orderBy: $v) { totalCount } }',
      'query ($v: String) { imports(first: 1, after: $v) { totalCount } }',
      'mutation ($v: CreateImportInput!) { createImport(input: $v) { userErrors { code } } }',
      'mutation ($v: TrackImportInput!) { trackImport(input: $v) { userErrors { code } } }',
    ];
    const values: unknown[] = [
      'ten',
      1.5,
      -1e308,
      true,
      {},
      [],
      [[['deep']]],
      { first: 'ten', id: 42 },
      JSON.parse('{"__proto__": {"polluted": true}}'),
      Array.from({ length: 10_000 }, (_, index) => index),
      'y'.repeat(200_000),
    ];
    const cases = operations.flatMap((query) => values.map((value) => ({ query, variables: { v: value } })));
    const answers: Answer[] = [];
    const problems = await fuzz(
      'variables',
      cases.map((request, index) => async () => (answers[index] = await post(request))),
      // A value that happens to fit (a string as a cursor, [] as ids) is answered.
      () => true,
      (index) => shortly(cases[index]!),
    );
    expect(problems).toEqual([]);
    // Values of the wrong kind outright are refused before anything runs.
    const refused = answers.filter(
      (answer) => answer.status === 400 && answer.text.includes('BAD_USER_INPUT'),
    );
    expect(refused.length).toBeGreaterThan(cases.length / 2);
  }, 120_000);

  it('answers huge strings under the body limit and refuses bodies over it with 413', async () => {
    const under = MAX_BODY_BYTES - 1_000;
    const answers = await Promise.all([
      post({ query: `{ import(id: "${'x'.repeat(under)}") { id } }` }),
      post({ query: 'query ($id: ID!) { import(id: $id) { id } }', variables: { id: 'y'.repeat(under) } }),
      post({
        query: 'query ($n: Int) { imports(first: $n) { totalCount } }',
        variables: { n: 'z'.repeat(under) },
      }),
      post({ query: `{ imports(first: 1, after: "${'\\u0041'.repeat(under / 6)}") { totalCount } }` }),
      post({ query: `# ${'comment '.repeat(under / 8)}\n{ __typename }` }),
    ]);
    for (const answer of answers) expect(problemOf(answer, true)).toBeUndefined();
    // The comment-only padding is a valid document: it is answered.
    expect(JSON.parse(answers[4].text)).toEqual({ data: { __typename: 'Query' } });

    for (const size of [MAX_BODY_BYTES + 1, 3 * MAX_BODY_BYTES]) {
      const answer = await post({ query: `{ import(id: "${'x'.repeat(size)}") { id } }` });
      expect(answer.status).toBe(413);
      expect(problemOf(answer, false)).toBeUndefined();
      expect(answer.text).toContain('MAX_BODY_BYTES');
    }
  });

  it('refuses deep nesting before parsing, with a message that says so', async () => {
    const documents = [
      `{ imports ${'{ nodes '.repeat(5_000)}${'}'.repeat(5_001)}`,
      '{'.repeat(5_000),
      `{ nodes(ids: ${'['.repeat(5_000)}${']'.repeat(5_000)}) { id } }`,
      `{ imports(filter: ${'{ a: '.repeat(3_000)}1${' }'.repeat(3_000)}) { totalCount } }`,
      `mutation { createImport(input: { provider: COMMERCE_LAYER, inputs: ${'['.repeat(2_400)}${']'.repeat(2_400)} }) { userErrors { code } } }`,
    ];
    for (const query of documents) {
      const answer = await post({ query });
      expect(answer.status).toBe(400);
      expect(problemOf(answer, false)).toBeUndefined();
      expect(answer.text).toMatch(/GRAPHQL_PARSE_FAILED/);
    }
    expect((await post({ query: documents[0] })).text).toContain('levels deep');

    // JSON variables nest deeper still (JSON.parse does not recurse); they are refused as input.
    const deep = (open: string, close: string, depth: number) =>
      open.repeat(depth) + '1' + close.repeat(depth);
    for (const value of [deep('[', ']', 100_000), deep('{"a":', '}', 20_000)]) {
      const answer = await send({
        body: `{"query":"mutation ($m: JSON) { createImport(input: { provider: COMMERCE_LAYER, resourceType: \\"skus\\", inputs: [{ code: \\"A\\" }], metadata: $m }) { userErrors { code } } }","variables":{"m":${value}}}`,
      });
      expect(answer.status).toBe(400);
      expect(problemOf(answer, false)).toBeUndefined();
      expect(answer.text).toContain('JSON values may nest at most');
    }
  });

  it('refuses 10,000 aliases, and a few more than the limit', async () => {
    const aliases = (count: number) =>
      `{ ${Array.from({ length: count }, (_, index) => `a${index}: __typename`).join(' ')} }`;
    const many = await post({ query: aliases(10_000) });
    expect(many.status).toBe(400);
    expect(problemOf(many, false)).toBeUndefined();
    expect(many.text).toContain('tokens');
    // __typename is free of the alias limit (graphql-armor's allowlist), real fields are not.
    const some = await post({
      query: `{ ${Array.from({ length: 16 }, (_, index) => `a${index}: providers { provider }`).join(' ')} }`,
    });
    expect(problemOf(some, false)).toBeUndefined();
    expect(some.text).toMatch(/GRAPHQL_VALIDATION_FAILED/);
    expect(some.text).toMatch(/alias/i);
  });

  it('refuses malformed JSON and bodies of the wrong shape with 400', async () => {
    const bodies = [
      '{',
      '{"query":',
      '{"query":"{ __typename }"',
      '{"query": "{ __typename }"} trailing',
      '\uFEFF{"query":"{ __typename }"}',
      "{'query': '{ __typename }'}",
      'nul',
      '"',
      '\u0000',
      'null',
      '42',
      '"{ __typename }"',
      '{}',
      '{"query": 42}',
      '{"query": null}',
      '{"query": ["{ __typename }"]}',
      '{"query": "{ __typename }", "variables": "x"}',
      '{"query": "{ __typename }", "variables": [1]}',
      '{"query": "{ __typename }", "extensions": "x"}',
      '{"query": "{ __typename }", "operationName": 42}',
      '{"query": "{ __typename }", "extensions": {"persistedQuery": {"version": 1, "sha256Hash": "0"}}}',
    ];
    const problems = await fuzz(
      'body',
      [
        ...bodies.map((body) => () => send({ body })),
        // Bytes that are not UTF-8 at all.
        () => send({ body: new Uint8Array([0x7b, 0xff, 0xfe, 0xc3, 0x28, 0x7d]) }),
      ],
      () => false,
      (index) => JSON.stringify(bodies[index] ?? 'bytes'),
    );
    expect(problems).toEqual([]);
    const answer = await send({ body: '{"query":' });
    expect(answer.status).toBe(400);
    expect(answer.text).toContain('not valid JSON');
  });

  it('refuses wrong content types as Apollo CSRF prevention or a bad request', async () => {
    const body = JSON.stringify({ query: '{ __typename }' });
    const types = [
      'text/plain',
      'text/plain; charset=utf-8',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=x',
      'application/xml',
      'application/graphql',
      'image/png',
      '%%%',
    ];
    const requests = [
      ...types.map((type) => () => send({ headers: { ...auth, 'content-type': type }, body })),
      () =>
        send({
          headers: { ...auth, 'content-type': 'application/x-www-form-urlencoded' },
          body: 'query=%7B__typename%7D',
        }),
      () =>
        send({
          headers: { ...auth, 'content-type': 'multipart/form-data; boundary=x' },
          body: '--x\r\nContent-Disposition: form-data; name="operations"\r\n\r\n' + body + '\r\n--x--\r\n',
        }),
      // No content-type at all (a byte body makes fetch send none).
      () => send({ headers: auth, body: new TextEncoder().encode(body) }),
    ];
    const problems = await fuzz(
      'content-type',
      requests,
      () => false,
      (index) => types[index] ?? `extra ${index}`,
    );
    expect(problems).toEqual([]);
    const simple = await send({ headers: { ...auth, 'content-type': 'text/plain' }, body });
    expect(simple.status).toBe(400);
    expect(simple.text).toContain('Cross-Site Request Forgery');
  });

  it('refuses batched arrays', async () => {
    const one = { query: '{ __typename }' };
    for (const batch of [[], [one], [one, one], Array.from({ length: 1_000 }, () => one), [null, 1, 'x']]) {
      const answer = await post(batch);
      expect(answer.status).toBe(400);
      expect(problemOf(answer, false)).toBeUndefined();
    }
    expect((await post([one, one])).text).toContain('batching');
  });

  it('runs a GET query only with the CSRF header, and never a mutation', async () => {
    const get = (query: string, headers: Record<string, string>, extra = '') =>
      send({ method: 'GET', headers, path: `/graphql?query=${encodeURIComponent(query)}${extra}` });
    const preflight = { ...auth, 'apollo-require-preflight': 'true' };

    const allowed = await get('{ __typename }', preflight);
    expect(allowed.status).toBe(200);
    expect(JSON.parse(allowed.text)).toEqual({ data: { __typename: 'Query' } });

    const blocked = await get('{ __typename }', auth);
    expect(blocked.status).toBe(400);
    expect(problemOf(blocked, false)).toBeUndefined();
    expect(blocked.text).toContain('Cross-Site Request Forgery');

    const refusals = [
      await get('mutation { deleteImport(input: { id: "x" }) { deletedId } }', preflight),
      await get('{ imports', preflight),
      await get('{ __typename }', preflight, '&variables=%7Bnot-json'),
      await get('{ __typename }', preflight, '&extensions=%5B'),
      await send({ method: 'GET', headers: preflight, path: '/graphql' }),
      await get(`{ ${'{'.repeat(2_000)}`, preflight),
      await send({ method: 'PUT', headers: json, body: JSON.stringify({ query: '{ __typename }' }) }),
      await send({ method: 'DELETE', headers: auth }),
    ];
    for (const answer of refusals) {
      expect(answer.status).toBeGreaterThanOrEqual(400);
      expect(problemOf(answer, false)).toBeUndefined();
    }
    // A query string longer than Node's header limit is refused by Node itself, still a 4xx.
    const long = await get(`{ import(id: "${'x'.repeat(40_000)}") { id } }`, preflight);
    expect(long.status).toBe(431);
  });

  it('refuses bodies over MAX_BODY_BYTES, declared or streamed, with 413', async () => {
    const declared = await send({ body: new Uint8Array(MAX_BODY_BYTES + 1).fill(0x20) });
    expect(declared.status).toBe(413);
    expect(problemOf(declared, false)).toBeUndefined();
    const streamed = await send({ body: streamOf(2 * MAX_BODY_BYTES) });
    expect(streamed.status).toBe(413);
    expect(problemOf(streamed, false)).toBeUndefined();
    // The kept-alive connection that carried them still carries the next requests.
    for (let index = 0; index < 3; index++)
      expect((await post({ query: '{ __typename }' })).status).toBe(200);
  });

  it('refuses missing and wrong credentials with 401 before reading the body', async () => {
    const body = JSON.stringify({ query: '{ __typename }' });
    for (const authorization of [
      undefined,
      '',
      'Bearer',
      'Bearer ',
      `Bearer ${API_KEYS.fuzz}x`,
      `Basic ${API_KEYS.fuzz}`,
      'Bearer a.b.c',
      `Bearer ${'k'.repeat(8_000)}`,
    ]) {
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (authorization !== undefined) headers.authorization = authorization;
      const answer = await send({ headers, body });
      expect(answer.status).toBe(401);
      expect(problemOf(answer, false)).toBeUndefined();
      expect(answer.text).toContain('UNAUTHENTICATED');
    }
  });
});

describe('webhooks, fuzzed', () => {
  const endpoints = [
    {
      path: '/webhooks/commercelayer',
      signed: (body: string | Buffer, secret?: string) => ({
        'content-type': 'application/json',
        'x-commercelayer-topic': 'imports.update',
        'x-commercelayer-signature': signCommerceLayer(body, secret),
      }),
    },
    {
      path: '/webhooks/fleetio',
      signed: (body: string | Buffer, secret?: string) => ({
        'content-type': 'application/json',
        'x-fleetio-webhook-signature': signFleetio(body, secret),
      }),
    },
  ];

  /** A webhook answer: JSON with a message, and the expected status. */
  async function expectWebhook(answer: Promise<Answer>, status: number | number[]): Promise<string> {
    const { status: actual, contentType, text } = await answer;
    expect([status].flat()).toContain(actual);
    expect(contentType).toMatch(/^application\/json/);
    const { message } = JSON.parse(text) as { message: unknown };
    expect(typeof message === 'string' && message.length > 0 && !INTERNAL_WORDING.test(message)).toBe(true);
    return message as string;
  }

  for (const endpoint of endpoints) {
    describe(endpoint.path, () => {
      const valid = JSON.stringify({
        data: { id: 'WxYz', type: 'imports', attributes: { status: 'pending' } },
      });
      const send_ = (body: string | Buffer | Uint8Array, headers: Record<string, string>, method = 'POST') =>
        send({
          method,
          path: endpoint.path,
          headers,
          body: typeof body === 'string' ? body : new Uint8Array(body),
        });

      it('refuses unsigned and wrongly signed deliveries with 401', async () => {
        const message = await expectWebhook(send_(valid, { 'content-type': 'application/json' }), 401);
        expect(message).toMatch(/signature/i);
        await expectWebhook(send_(valid, endpoint.signed(valid, WEBHOOK_SECRETS.other)), 401);
        await expectWebhook(send_(valid, endpoint.signed(`${valid} `)), 401);
        for (const signature of ['', 'x', '=='.repeat(40), 'ab'.repeat(32), '\u00ff'.repeat(10)]) {
          const headers = Object.fromEntries(
            Object.entries(endpoint.signed(valid)).map(([name, value]) => [
              name,
              name.endsWith('signature') ? signature : value,
            ]),
          );
          await expectWebhook(send_(valid, headers), 401);
        }
      });

      it('refuses malformed bodies correctly signed with 400', async () => {
        for (const body of ['{', 'null', '[]', '"x"', '{"data":', '\uFEFF{}', '']) {
          await expectWebhook(send_(body, endpoint.signed(body)), [400, 200]);
        }
        await expectWebhook(send_('{', endpoint.signed('{')), 400);
      });

      it('answers random bodies correctly signed with 2xx or 400', async () => {
        const garbage = new RequestFuzzer(buildGatewaySchema(), endpoint.path.length);
        for (let index = 0; index < 150; index++) {
          const body =
            index % 3 === 0
              ? JSON.stringify(garbage.wrongValue())
              : index % 3 === 1
                ? JSON.stringify({
                    data: {
                      id: String(garbage.wrongValue()),
                      type: 'imports',
                      attributes: garbage.wrongValue(),
                    },
                    id: garbage.wrongValue(),
                    payload: garbage.wrongValue(),
                    event: 'import_completed',
                  })
                : garbage.garbage().query;
          await expectWebhook(send_(body, endpoint.signed(body)), [200, 202, 400]);
        }
      });

      it('refuses an oversized delivery with 413 and other methods with 405', async () => {
        const big = `{"data":"${'x'.repeat(MAX_BODY_BYTES + 10)}"}`;
        await expectWebhook(send_(big, endpoint.signed(big)), 413);
        for (const method of ['GET', 'PUT', 'DELETE', 'PATCH']) {
          const headers = endpoint.signed(valid);
          const answer =
            method === 'GET' ? send({ method, path: endpoint.path, headers }) : send_(valid, headers, method);
          await expectWebhook(answer, 405);
        }
      });
    });
  }
});

describe('live transports, fuzzed', () => {
  /** Documents a live transport must refuse: garbage, too deep, and what made graphql-js throw. */
  const refusedDocuments = () => [
    ...Array.from({ length: 100 }, () => fuzzer.garbage().query),
    '{'.repeat(5_000),
    `subscription { importsChanged ${'{ import '.repeat(3_000)}${'}'.repeat(3_000)} }`,
    'subscription { importsChanged @skip(if: 1) { kind } }',
    'subscription ($skip: Boolean!) { importsChanged @skip(if: $skip) { kind } }',
  ];

  it('answers refused documents over SSE with error events, and oversized bodies with 413', async () => {
    const problems: string[] = [];
    for (const [index, query] of refusedDocuments().entries()) {
      const answer = await send({
        path: '/graphql/stream',
        headers: { ...json, accept: 'text/event-stream' },
        body: JSON.stringify({ query }),
      });
      const events = nextEvents(answer.text);
      const problem =
        answer.status >= 500
          ? `status ${answer.status}`
          : answer.contentType.startsWith('text/event-stream')
            ? events.length === 0
              ? 'no event'
              : errorsProblem((JSON.parse(events[0]!) as { errors?: unknown }).errors)
            : problemOf(answer, false);
      if (problem) problems.push(`SSE #${index} ${query.slice(0, 80)}: ${problem}`);
    }
    expect(problems).toEqual([]);
    const streamed = await send({
      path: '/graphql/stream',
      headers: { ...json, accept: 'text/event-stream' },
      body: streamOf(2 * MAX_BODY_BYTES),
    });
    expect(streamed.status).toBe(413);
    expect(problemOf(streamed, false)).toBeUndefined();
  });

  /** A graphql-transport-ws connection, initialised with the API key; frames arrive as parsed JSON. */
  async function webSocket(init = true) {
    const socket = new WebSocket(`${gateway.url.replace('http', 'ws')}/graphql`, 'graphql-transport-ws');
    const messages: { id?: string; type: string; payload?: unknown }[] = [];
    const waiting: (() => void)[] = [];
    const closed = new Promise<number>((resolve) => socket.once('close', (code) => resolve(code)));
    socket.on('message', (data: Buffer) => {
      messages.push(JSON.parse(data.toString('utf8')) as (typeof messages)[number]);
      waiting.splice(0).forEach((wake) => wake());
    });
    await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
    const next = async (matching: (message: (typeof messages)[number]) => boolean) => {
      const deadline = Date.now() + REQUEST_TIMEOUT_MS;
      for (;;) {
        const found = messages.findIndex(matching);
        if (found >= 0) return messages.splice(found, 1)[0]!;
        if (Date.now() > deadline) throw new Error('no such message in time');
        await Promise.race([new Promise<void>((wake) => waiting.push(wake)), sleep(1_000)]);
      }
    };
    if (init) {
      socket.send(
        JSON.stringify({ type: 'connection_init', payload: { Authorization: auth.authorization } }),
      );
      await next((message) => message.type === 'connection_ack');
    }
    return { socket, next, closed };
  }

  it('answers refused documents over WebSocket with error messages, on one connection', async () => {
    const { socket, next } = await webSocket();
    const problems: string[] = [];
    for (const [index, query] of refusedDocuments().entries()) {
      socket.send(JSON.stringify({ id: String(index), type: 'subscribe', payload: { query } }));
      const answer = await next((message) => message.id === String(index));
      const problem = answer.type === 'error' ? errorsProblem(answer.payload) : `a ${answer.type} message`;
      if (problem) problems.push(`WebSocket #${index} ${query.slice(0, 80)}: ${problem}`);
    }
    socket.close(1000);
    expect(problems).toEqual([]);
  });

  it('closes a WebSocket that sends garbage frames with a 44xx code', async () => {
    for (const frame of ['not json', '{}', '{"type":"nope"}', '{"type":"subscribe"}', '[1,2]', '\u0000']) {
      const { socket, closed } = await webSocket();
      socket.send(frame);
      expect([4400, 4401]).toContain(await closed);
    }
    const early = await webSocket(false);
    early.socket.send(JSON.stringify({ id: '1', type: 'subscribe', payload: { query: '{ __typename }' } }));
    expect(await early.closed).toBe(4401);
    const stranger = await webSocket(false);
    stranger.socket.send(
      JSON.stringify({ type: 'connection_init', payload: { Authorization: 'Bearer nope' } }),
    );
    expect(await stranger.closed).toBe(4403);
  });

  /** Seeded, so a failure names a size that fails again. */
  let seed = 20_261_204;
  const random = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;

  it('closes a WebSocket whose frames before connection_init pass 64 KiB with 4400, and takes smaller ones', async () => {
    const sizes = [
      65_536 - 200,
      65_536 + 1,
      ...Array.from({ length: 12 }, () => Math.floor(random() * 200_000)),
    ];
    const problems: string[] = [];
    for (const size of sizes) {
      const { socket, next, closed } = await webSocket(false);
      const frame = JSON.stringify({
        type: 'connection_init',
        payload: { Authorization: auth.authorization, pad: '' },
      });
      const padded = frame.replace('"pad":""', `"pad":"${'p'.repeat(Math.max(0, size - frame.length))}"`);
      socket.send(padded);
      const outcome = await Promise.race([
        closed.then((code) => `closed ${code}`),
        next((message) => message.type === 'connection_ack').then(() => 'acked'),
      ]);
      const expected = Buffer.byteLength(padded) > 65_536 ? 'closed 4400' : 'acked';
      if (outcome !== expected)
        problems.push(`${Buffer.byteLength(padded)} bytes: ${outcome}, not ${expected}`);
      socket.close(1000);
    }
    expect(problems).toEqual([]);
  });

  it('refuses upgrades from other origins with 403 and SSE bodies of CORS-simple types with 415', async () => {
    const origins = Array.from({ length: 10 }, () => `https://${random().toString(36).slice(2, 10)}.example`);
    for (const origin of [...origins, 'null', 'file://', 'http://127.0.0.1.evil.example']) {
      const answer = await upgradeAnswer(`${gateway.url}/graphql`, { origin });
      expect([origin, answer.status]).toEqual([origin, 403]);
    }
    const types = [
      'text/plain',
      'text/plain; x=application/json',
      'text/plain;charset=application/json',
      'application/x-www-form-urlencoded; a=application/json',
      'multipart/form-data; boundary=application/json',
      'application/jsonx',
      ' text/plain ,application/json',
    ];
    for (const type of types) {
      const answer = await send({
        path: '/graphql/stream',
        headers: { ...auth, accept: 'text/event-stream', 'content-type': type },
        body: JSON.stringify({ query: '{ __typename }' }),
      });
      expect([type, answer.status, problemOf(answer, false)]).toEqual([type, 415, undefined]);
    }
  });

  it('names nothing of the schema in refusals (introspection is off), on HTTP, SSE and WebSocket', async () => {
    // Documents of the schema with one name misspelt: graphql-js would suggest the right one.
    const misspelt = Array.from({ length: 40 }, () => {
      const { query } = fuzzer.fromSchema();
      const names = [...query.matchAll(/\b[a-z][A-Za-z]{3,}\b/g)].map((match) => match[0]);
      const name = names[Math.floor(random() * names.length)] ?? 'imports';
      return query.replace(new RegExp(`\\b${name}\\b`), name.slice(0, -1));
    });
    const messages: string[] = [];
    const { socket, next } = await webSocket();
    for (const [index, query] of misspelt.entries()) {
      const overHttp = await post({ query });
      messages.push(overHttp.text);
      const overSse = await send({
        path: '/graphql/stream',
        headers: { ...json, accept: 'text/event-stream' },
        body: JSON.stringify({ query }),
      });
      messages.push(overSse.text);
      socket.send(JSON.stringify({ id: `m${index}`, type: 'subscribe', payload: { query } }));
      messages.push(JSON.stringify(await next((message) => message.id === `m${index}`)));
    }
    socket.close(1000);
    expect(messages.filter((message) => /did you mean/i.test(message))).toEqual([]);
    expect(
      messages.filter((message) => message.includes('GRAPHQL_VALIDATION_FAILED')).length,
    ).toBeGreaterThan(30);
  });
});

describe('after the fuzz', () => {
  it('still answers /healthz and a real query', async () => {
    memory.peak = await readMemory();
    expect((await send({ method: 'GET', path: '/healthz', headers: {} })).status).toBe(200);
    const answer = await post({ query: '{ imports(first: 5) { totalCount nodes { provider status } } }' });
    expect(answer.status).toBe(200);
    const body = JSON.parse(answer.text) as { data: { imports: { totalCount: number; nodes: unknown[] } } };
    expect(body.data.imports.nodes).toHaveLength(5);
    expect(gateway.child.exitCode).toBeNull();
  });

  it('gives its memory back: heap used returns near its baseline', async () => {
    const baseline = memory.baseline!;
    // V8 collects when it allocates or when its memory reducer sees the process idle, so the heap
    // is read a few times while idle, and the smallest reading counts.
    let settled = await readMemory();
    for (
      let attempt = 0;
      attempt < 10 && settled.heapUsed > baseline.heapUsed + HEAP_SLACK_BYTES / 4;
      attempt++
    ) {
      await sleep(1_000);
      const reading = await readMemory();
      if (reading.heapUsed < settled.heapUsed) settled = reading;
    }
    memory.settled = settled;
    expect(settled.heapUsed).toBeLessThan(baseline.heapUsed + HEAP_SLACK_BYTES);
  }, 60_000);
});

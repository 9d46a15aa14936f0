import { request as httpRequest } from 'node:http';
import { afterEach, describe, expect, test } from 'vitest';
import { fleetioSimulator } from '../../../src/simulators/fleetio/index.ts';
import { JsonSchemaValidator, OpenApiValidator } from '../../support/openapi.ts';
import { useSimulator } from '../../support/simulators.ts';
import { ADMIN, awaitRoomInMinute, call, READONLY, type ImportRecord } from './fleetio-http.ts';

const spec = OpenApiValidator.fromFile('fleetio/imports.reconstructed-from-docs.openapi.yaml');
const errors = new JsonSchemaValidator('fleetio/written/errors.schema.json');
const pages = new JsonSchemaValidator('fleetio/written/cursor-pages.schema.json');

describe('Fleetio simulator: every response matches the vendor contract', () => {
  const sim = useSimulator(fleetioSimulator, { imports: 30, rateLimits: false });
  const list = (query = '') => call(`${sim.url}/api/v1/imports${query}`);
  const snapshot = () => sim.control<ImportRecord[]>('GET', '/__sim/imports');
  const withStatus = async (status: string) => (await snapshot()).find((item) => item.status === status)!;

  afterEach(async () => {
    await sim.control('DELETE', '/__sim/faults');
  });

  test('the control snapshot holds Import objects of the vendor file', async () => {
    const imports = await snapshot();
    expect(imports).toHaveLength(30);
    for (const item of imports) {
      spec.assertSchema('/components/schemas/Import', item);
      pages.assert('/definitions/Import', item);
    }
  });

  test('GET /v1/imports 200, with and without filters and sorts', async () => {
    const queries = [
      '',
      '?per_page=2',
      '?per_page=100&sort[created_at]=asc',
      '?sort[updated_at]=desc&filter[status][include]=complete',
      '?filter[created_at][gte]=2026-10-15T00:00:00Z&filter[updated_at][lt]=2026-11-02T09:00:00Z',
      '?filter[status][include]=rolled_back&sort[id]=asc',
    ];
    for (const query of queries) {
      const answer = await list(query);
      expect(answer.status, query).toBe(200);
      expect(answer.headers.get('content-type')).toMatch(/^application\/json/);
      spec.assertResponse('/v1/imports', 'get', 200, answer.body);
      pages.assert('/definitions/ImportsPage', answer.body);
    }
  });

  test('GET /v1/imports 400 for every malformed parameter, in the {errors} shape', async () => {
    const bad: [string, string][] = [
      ['?per_page=1', 'per_page'],
      ['?per_page=101', 'per_page'],
      ['?per_page=ten', 'per_page'],
      ['?start_cursor=not-a-cursor', 'start_cursor'],
      ['?next_cursor=%25%25', 'next_cursor'],
      ['?start_cursor=eyJmb28iOjF9', 'start_cursor'],
      ['?filter[status][include]=done', 'filter[status][include]'],
      // One status per request: a comma list names no status.
      ['?filter[status][include]=complete,failed', 'filter[status][include]'],
      ['?filter[status][exclude]=complete', 'filter[status][exclude]'],
      ['?filter[created_at][between]=2026-01-01', 'filter[created_at][between]'],
      ['?filter[created_at][gt]=yesterday', 'filter[created_at][gt]'],
      ['?filter[created_at][gt]=2026-01-01&filter[created_at][lt]=2026-02-01', 'filter[created_at]'],
      ['?filter[file_name][like]=x', 'filter[file_name][like]'],
      ['?sort[file_name]=asc', 'sort[file_name]'],
      ['?sort[id]=up', 'sort[id]'],
    ];
    for (const [query, field] of bad) {
      const answer = await list(query);
      expect(answer.status, query).toBe(400);
      spec.assertResponse('/v1/imports', 'get', 400, answer.body);
      errors.assert('/definitions/ValidationErrors', answer.body);
      expect(Object.keys((answer.body as { errors: object }).errors), query).toContain(field);
    }
    // A cursor of one sort order is refused under another.
    const first = (await list('?per_page=2&sort[created_at]=asc')).body as { next_cursor: string };
    const mismatched = await list(`?per_page=2&start_cursor=${first.next_cursor}`);
    expect(mismatched.status).toBe(400);
    errors.assert('/definitions/ValidationErrors', mismatched.body);
    const oldVersion = await call(`${sim.url}/api/v1/imports`, { ...ADMIN, 'x-api-version': '2023-06-01' });
    expect(oldVersion.status).toBe(400);
    errors.assert('/definitions/ValidationErrors', oldVersion.body);
  });

  test('401 RFC 7807 for missing or wrong credentials; both Token forms are accepted', async () => {
    const refused: Record<string, string>[] = [
      {},
      { authorization: 'Bearer sim-fleetio-key', 'account-token': 'sim-fleetio-account' },
      { authorization: 'Token wrong-key', 'account-token': 'sim-fleetio-account' },
      { authorization: 'Token sim-fleetio-key' },
      { authorization: 'Token sim-fleetio-key', 'account-token': 'another-account' },
    ];
    const item = await withStatus('complete');
    for (const headers of refused) {
      for (const path of [
        '/api/v1/imports',
        `/api/v1/imports/${item.id}/records`,
        `/api/imports/${item.id}/results`,
      ]) {
        const answer = await call(sim.url + path, headers);
        expect(answer.status, `${path} ${JSON.stringify(headers)}`).toBe(401);
        expect(answer.headers.get('www-authenticate')).toBe('Token realm="Application"');
        const template = path.includes('records')
          ? '/v1/imports/{id}/records'
          : path.includes('results')
            ? '/imports/{id}/results'
            : '/v1/imports';
        spec.assertResponse(template, 'get', 401, answer.body);
        errors.assert('/definitions/ProblemDetails', answer.body);
      }
    }
    const quoted = await call(`${sim.url}/api/v1/imports`, {
      ...ADMIN,
      authorization: 'Token token="sim-fleetio-key"',
    });
    expect(quoted.status).toBe(200);
  });

  test('403 RFC 7807 for the non-admin key on every imports endpoint', async () => {
    const item = await withStatus('complete');
    const routes: [string, string][] = [
      ['/api/v1/imports', '/v1/imports'],
      [`/api/v1/imports/${item.id}/records`, '/v1/imports/{id}/records'],
      [`/api/imports/${item.id}/results`, '/imports/{id}/results'],
    ];
    for (const [path, template] of routes) {
      const answer = await call(sim.url + path, READONLY);
      expect(answer.status, path).toBe(403);
      spec.assertResponse(template, 'get', 403, answer.body);
      errors.assert('/definitions/ProblemDetails', answer.body);
    }
  });

  test('404 RFC 7807 for unknown routes, unknown ids and ids that are not digits', async () => {
    const records = [
      '/api/v1/imports/999999999/records',
      '/api/v1/imports/12a/records',
      '/api/v1/imports/-1/records',
    ];
    for (const path of records) {
      const answer = await call(sim.url + path);
      expect(answer.status, path).toBe(404);
      spec.assertResponse('/v1/imports/{id}/records', 'get', 404, answer.body);
    }
    for (const path of ['/api/imports/999999999/results', '/api/imports/abc/results']) {
      const answer = await call(sim.url + path);
      expect(answer.status, path).toBe(404);
      spec.assertResponse('/imports/{id}/results', 'get', 404, answer.body);
    }
    for (const path of ['/api/v1/importz', '/api/v2/imports', '/api/v1/imports/1']) {
      const answer = await call(sim.url + path);
      expect(answer.status, path).toBe(404);
      errors.assert('/definitions/ProblemDetails', answer.body);
    }
    const posted = await fetch(`${sim.url}/api/v1/imports`, { method: 'POST', headers: ADMIN, body: '{}' });
    expect(posted.status).toBe(404);
    errors.assert('/definitions/ProblemDetails', await posted.json());
  });

  test('429 with Retry-After once the account token has used its requests of the minute', async () => {
    const item = await withStatus('complete');
    await sim.control('PUT', '/__sim/faults', { rateLimits: true });
    await awaitRoomInMinute();
    for (let index = 0; index < 20; index++) expect((await list()).status).toBe(200);
    const routes: [string, string | undefined][] = [
      ['/api/v1/imports', '/v1/imports'],
      [`/api/imports/${item.id}/results`, '/imports/{id}/results'],
      [`/api/v1/imports/${item.id}/records`, undefined],
    ];
    for (const [path, template] of routes) {
      const answer = await call(sim.url + path);
      expect(answer.status, path).toBe(429);
      expect(Number(answer.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      expect(Number(answer.headers.get('retry-after'))).toBeLessThanOrEqual(60);
      expect([...answer.headers.keys()].some((name) => name.startsWith('x-ratelimit'))).toBe(false);
      if (template) spec.assertResponse(template, 'get', 429, answer.body);
      errors.assert('/definitions/RateLimited', answer.body);
    }
  });

  test('injected faults answer in the envelope of their status', async () => {
    const item = await withStatus('complete');
    const cases: [number, string][] = [
      [500, '/definitions/ProblemDetails'],
      [502, '/definitions/ProblemDetails'],
      [503, '/definitions/ProblemDetails'],
      [400, '/definitions/ValidationErrors'],
      [422, '/definitions/ValidationErrors'],
      [429, '/definitions/RateLimited'],
    ];
    for (const [status, pointer] of cases) {
      await sim.control('PUT', '/__sim/faults', { errorRate: 1, errorStatus: status });
      for (const path of [
        '/api/v1/imports',
        `/api/v1/imports/${item.id}/records`,
        `/api/imports/${item.id}/results`,
      ]) {
        const answer = await call(sim.url + path);
        expect(answer.status, `${status} ${path}`).toBe(status);
        errors.assert(pointer, answer.body);
      }
    }
    await sim.control('PUT', '/__sim/faults', { errorRate: 1, errorStatus: 500 });
    spec.assertResponse('/v1/imports', 'get', 500, (await list()).body);
    spec.assertResponse(
      '/v1/imports/{id}/records',
      'get',
      500,
      (await call(`${sim.url}/api/v1/imports/${item.id}/records`)).body,
    );
    spec.assertResponse(
      '/imports/{id}/results',
      'get',
      500,
      (await call(`${sim.url}/api/imports/${item.id}/results`)).body,
    );
  });

  test('row results 200 for imports in every status', async () => {
    const imports = await snapshot();
    for (const item of imports) {
      for (const query of ['', '?per_page=5&sort[id]=asc', '?filter[status][include]=error']) {
        const answer = await call(`${sim.url}/api/imports/${item.id}/results${query}`);
        expect(answer.status, `${item.status} ${query}`).toBe(200);
        spec.assertResponse('/imports/{id}/results', 'get', 200, answer.body);
        pages.assert('/definitions/RowResultsPage', answer.body);
      }
    }
    for (const query of [
      '?per_page=0',
      '?sort[row_number]=asc',
      '?filter[status][include]=skipped',
      '?filter[status][include]=error,created',
      '?start_cursor=@@',
    ]) {
      const answer = await call(`${sim.url}/api/imports/${imports[0]!.id}/results${query}`);
      expect(answer.status, query).toBe(400);
      errors.assert('/definitions/ValidationErrors', answer.body);
    }
  });

  test('413 RFC 7807 for a body past the size limit', async () => {
    const size = 65 * 1024 * 1024;
    const answer = await new Promise<{ status: number; text: string }>((resolve, reject) => {
      const headers = { ...ADMIN, 'content-length': String(size) };
      const request = httpRequest(`${sim.url}/api/v1/imports`, { method: 'GET', headers }, (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () =>
          resolve({ status: response.statusCode ?? 0, text: Buffer.concat(chunks).toString() }),
        );
      });
      request.on('error', reject);
      const chunk = Buffer.alloc(1024 * 1024, 32);
      for (let written = 0; written < size; written += chunk.length) request.write(chunk);
      request.end();
    });
    expect(answer.status).toBe(413);
    errors.assert('/definitions/ProblemDetails', JSON.parse(answer.text));
  });
});

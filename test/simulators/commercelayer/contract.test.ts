import { beforeAll, describe, expect, it } from 'vitest';
import { commerceLayerSimulator } from '../../../src/simulators/commercelayer/index.ts';
import { JsonSchemaValidator } from '../../support/openapi.ts';
import { useSimulator } from '../../support/simulators.ts';
import {
  ApiClient,
  CREDENTIALS,
  firstError,
  issueToken,
  JSON_API,
  many,
  one,
  requestToken,
  skuInputs,
  vendorSpec,
  type Answer,
} from './client.ts';

/**
 * Every kind of response the simulator sends, validated with Ajv: against the vendor's own
 * OpenAPI (2023, attributes made nullable, see client.ts) where it declares the response, and
 * against our schemas written from the reference (specs/commercelayer/written) for the rest.
 */
const vendor = vendorSpec();
const written = new JsonSchemaValidator('commercelayer/written/imports-api.schema.json');

function expectError(answer: Answer, status: number, code: string): void {
  expect(answer.status, answer.text).toBe(status);
  expect(answer.headers.get('content-type')).toBe(JSON_API);
  written.assert('/definitions/errorDocument', answer.body);
  expect(firstError(answer).code).toBe(code);
  expect(firstError(answer).status).toBe(String(status));
}

describe('Commerce Layer simulator contract', () => {
  const sim = useSimulator(commerceLayerSimulator, { imports: 30, rateLimits: false });
  let api: ApiClient;
  let someId: string;
  let completedId: string;

  beforeAll(async () => {
    api = new ApiClient(sim.url, await issueToken(sim.url));
    const snapshot = await sim.control<{ id: string; attributes: { status: string } }[]>(
      'GET',
      '/__sim/imports',
    );
    someId = snapshot[0]!.id;
    completedId = snapshot.find((item) => item.attributes.status === 'completed')!.id;
  });

  describe('successes', () => {
    it('POST /oauth/token 200 with JSON and with a form body', async () => {
      const token = await requestToken(sim.url);
      expect(token.status).toBe(200);
      written.assert('/definitions/tokenResponse', token.body);
      expect(token.body).toMatchObject({ token_type: 'bearer', expires_in: 7200, scope: 'market:all' });

      const form = await fetch(`${sim.url}/oauth/token`, {
        method: 'POST',
        body: new URLSearchParams({ ...CREDENTIALS, scope: 'market:code:europe' }),
      });
      const body = (await form.json()) as { scope: string };
      expect(form.status).toBe(200);
      written.assert('/definitions/tokenResponse', body);
      expect(body.scope).toBe('market:code:europe');
    });

    it("the access token carries the vendor's payload: iss https://auth.commercelayer.io", async () => {
      const token = await requestToken(sim.url);
      const [, payload] = String((token.body as { access_token: string }).access_token).split('.');
      const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString('utf8')) as {
        iss: string;
        organization: { id: string; slug: string };
        application: { kind: string };
        scope: string;
        test: boolean;
        exp: number;
        iat: number;
      };
      expect(claims).toMatchObject({
        iss: 'https://auth.commercelayer.io',
        organization: { slug: 'sim-org' },
        application: { kind: 'integration' },
        scope: 'market:all',
        test: false,
      });
      expect(claims.exp - claims.iat).toBe(7200);
      // The vendor's SDK builds the API origin from them (specs/VENDOR-REFERENCE.md §3.3).
      const domain = claims.iss.replace('https://auth.', '');
      expect(`https://${claims.organization.slug}.${domain}`).toBe('https://sim-org.commercelayer.io');
    });

    it('GET /api/imports 200 matches the vendor spec and the written list schema', async () => {
      const list = await api.get('/api/imports?page[size]=25&sort=-created_at,id');
      expect(list.status).toBe(200);
      expect(list.headers.get('content-type')).toBe(JSON_API);
      vendor.assertResponse('/imports', 'get', 200, list.body, JSON_API);
      written.assert('/definitions/importListDocument', list.body);
      expect(list.body.meta).toEqual({ record_count: 30, page_count: 2 });
      expect(list.body.links!.prev).toBeUndefined();
    });

    it('sparse fieldsets keep only the named fields', async () => {
      const list = await api.get('/api/imports?fields[imports]=status,created_at&include=events');
      expect(list.status).toBe(200);
      vendor.assertResponse('/imports', 'get', 200, list.body, JSON_API);
      expect(Object.keys(many(list)[0]!.attributes)).toEqual(['status', 'created_at']);
      expect(many(list)[0]!.relationships).toEqual({});
      expect(list.body.included).toEqual([]);
    });

    it('GET /api/imports/{id} 200', async () => {
      const single = await api.get(`/api/imports/${someId}`);
      expect(single.status).toBe(200);
      vendor.assertResponse('/imports/{importId}', 'get', 200, single.body, JSON_API);
      written.assert('/definitions/importDocument', single.body);
      expect(one(single).attributes.inputs).toBeNull();
    });

    it('POST /api/imports 201 (JSON inputs) echoes the inputs and starts pending', async () => {
      const created = await api.create({
        resource_type: 'skus',
        inputs: skuInputs(3),
        reference: 'contract-1',
      });
      expect(created.status, created.text).toBe(201);
      vendor.assertResponse('/imports', 'post', 201, created.body, JSON_API);
      written.assert('/definitions/importDocument', created.body);
      expect(one(created).attributes).toMatchObject({
        status: 'pending',
        inputs_size: 3,
        inputs: skuInputs(3),
      });
      const again = await api.get(`/api/imports/${one(created).id}`);
      expect(one(again).attributes.inputs).toBeNull();
    });

    it('POST /api/imports 201 (CSV inputs): the written schema, since the 2023 spec only knows arrays', async () => {
      const created = await api.create({
        resource_type: 'prices',
        format: 'csv',
        inputs: 'sku_code,amount_cents\nA,100\nB,200\n',
      });
      expect(created.status, created.text).toBe(201);
      written.assert('/definitions/importDocument', created.body);
      expect(one(created).attributes).toMatchObject({ format: 'csv', inputs_size: 2 });
    });

    it('PATCH /api/imports/{id} 200 (not in the 2023 spec: written schema)', async () => {
      const created = await api.create({ resource_type: 'skus', inputs: skuInputs(2) });
      const patched = await api.update(one(created).id, { reference: 'ERP-7', metadata: { batch: 7 } });
      expect(patched.status, patched.text).toBe(200);
      written.assert('/definitions/importDocument', patched.body);
      expect(one(patched).attributes).toMatchObject({ reference: 'ERP-7', metadata: { batch: 7 } });
    });

    it('DELETE /api/imports/{id} 204 with no body', async () => {
      const created = await api.create({ resource_type: 'skus', inputs: skuInputs(1) });
      const deleted = await api.call('DELETE', `/api/imports/${one(created).id}`);
      expect(deleted.status).toBe(204);
      expect(deleted.text).toBe('');
      expectError(await api.get(`/api/imports/${one(created).id}`), 404, 'RECORD_NOT_FOUND');
    });
  });

  describe('400', () => {
    it.each([
      ['page[size]=26', 'INVALID_PAGE_VALUE'],
      ['page[size]=0', 'INVALID_PAGE_VALUE'],
      ['page[size]=ten', 'INVALID_PAGE_VALUE'],
      ['page[number]=0', 'INVALID_PAGE_VALUE'],
      ['page[offset]=10', 'PARAM_NOT_ALLOWED'],
      ['filter[q][colour_eq]=red', 'FILTER_NOT_ALLOWED'],
      ['filter[q][status_resembles]=x', 'FILTER_NOT_ALLOWED'],
      ['filter[q][inputs_eq]=x', 'FILTER_NOT_ALLOWED'],
      ['filter[status]=pending', 'FILTER_NOT_ALLOWED'],
      ['filter[q][errors_count_gt]=many', 'INVALID_FILTER_VALUE'],
      ['filter[q][created_at_gt]=yesterday', 'INVALID_FILTER_VALUE'],
      ['sort=-colour', 'INVALID_SORT_CRITERIA'],
      ['sort=errors_log', 'INVALID_SORT_CRITERIA'],
      ['fields[imports]=status,colour', 'INVALID_FIELD'],
      ['fields[orders]=number', 'INVALID_RESOURCE'],
      ['include=event_stores', 'INVALID_INCLUDE'],
      ['colour=red', 'PARAM_NOT_ALLOWED'],
    ])('GET /api/imports?%s → %s', async (query, code) => {
      expectError(await api.get(`/api/imports?${query}`), 400, code);
    });

    it.each([
      ['not JSON', '{"data": ', 'BAD_REQUEST'],
      ['not an object', '[1, 2]', 'BAD_REQUEST'],
      ['no data', '{}', 'PARAM_MISSING'],
      ['data not an object', '{"data": "x"}', 'INVALID_DATA_FORMAT'],
      ['no type', '{"data": {"attributes": {}}}', 'PARAM_MISSING'],
      ['wrong type', '{"data": {"type": "skus", "attributes": {}}}', 'INVALID_RESOURCE'],
      ['a client id', '{"data": {"type": "imports", "id": "abc", "attributes": {}}}', 'PARAM_NOT_ALLOWED'],
      [
        'a read-only attribute',
        '{"data": {"type": "imports", "attributes": {"status": "completed"}}}',
        'PARAM_NOT_ALLOWED',
      ],
      [
        '_interrupt on create',
        '{"data": {"type": "imports", "attributes": {"_interrupt": true}}}',
        'PARAM_NOT_ALLOWED',
      ],
    ])('POST /api/imports with %s', async (_name, body, code) => {
      expectError(await api.call('POST', '/api/imports', body), 400, code);
    });

    it('PATCH with an id that differs from the URL, or none', async () => {
      const other = { data: { type: 'imports', id: 'SomeOtherId', attributes: { reference: 'x' } } };
      expectError(await api.call('PATCH', `/api/imports/${someId}`, other), 400, 'KEY_NOT_INCLUDED_IN_URL');
      const none = { data: { type: 'imports', attributes: { reference: 'x' } } };
      expectError(await api.call('PATCH', `/api/imports/${someId}`, none), 400, 'PARAM_MISSING');
      expectError(await api.update(someId, { resource_type: 'prices' }), 400, 'PARAM_NOT_ALLOWED');
    });

    it('token endpoint: missing or unsupported grant, bad scope', async () => {
      for (const body of [
        {},
        { ...CREDENTIALS, grant_type: 'password' },
        { ...CREDENTIALS, scope: 'everything' },
      ]) {
        const answer = await requestToken(sim.url, body);
        expect(answer.status).toBe(400);
        written.assert('/definitions/tokenErrorDocument', answer.body);
      }
    });
  });

  describe('401', () => {
    it('no token → UNAUTHORIZED; a forged token → INVALID_TOKEN', async () => {
      const bare = await fetch(`${sim.url}/api/imports`, { headers: { accept: JSON_API } });
      expect(bare.status).toBe(401);
      const body: unknown = await bare.json();
      written.assert('/definitions/errorDocument', body);
      expect(body).toMatchObject({ errors: [{ code: 'UNAUTHORIZED', status: '401' }] });
      expectError(await new ApiClient(sim.url, 'a.b.c').get('/api/imports'), 401, 'INVALID_TOKEN');
      expectError(
        await new ApiClient(sim.url, 'garbage').get(`/api/imports/${someId}`),
        401,
        'INVALID_TOKEN',
      );
    });

    it('token endpoint: wrong secret → invalid_client', async () => {
      const answer = await requestToken(sim.url, { ...CREDENTIALS, client_secret: 'nope' });
      expect(answer.status).toBe(401);
      written.assert('/definitions/tokenErrorDocument', answer.body);
      expect(firstError(answer)).toMatchObject({
        title: 'invalid_client',
        code: 'UNAUTHORIZED',
        status: 401,
      });
    });
  });

  describe('404, 405, 406, 415', () => {
    it('unknown and malformed ids, unknown routes', async () => {
      expectError(await api.get('/api/imports/NoSuchOneX'), 404, 'RECORD_NOT_FOUND');
      expectError(await api.get('/api/imports/%E2%9C%93'), 404, 'RECORD_NOT_FOUND');
      expectError(await api.call('DELETE', '/api/imports/NoSuchOneX'), 404, 'RECORD_NOT_FOUND');
      expectError(await api.update('NoSuchOneX', { reference: 'x' }), 404, 'RECORD_NOT_FOUND');
      expectError(await api.get('/api/exports'), 404, 'NOT_FOUND');
    });

    it('a method the resource does not offer → 405', async () => {
      expectError(await api.call('PUT', `/api/imports/${someId}`, '{}'), 405, 'METHOD_NOT_ALLOWED');
    });

    it('Accept other than JSON:API → 406; none or */* is fine', async () => {
      expectError(await api.get('/api/imports', { accept: 'text/html' }), 406, 'NOT_ACCEPTABLE');
      expectError(await api.get('/api/imports', { accept: `${JSON_API}; ext=bulk` }), 406, 'NOT_ACCEPTABLE');
      expect((await api.get('/api/imports', { accept: '*/*' })).status).toBe(200);
    });

    it('Content-Type other than JSON:API on create and update → 415', async () => {
      const body = { data: { type: 'imports', attributes: { resource_type: 'skus', inputs: skuInputs(1) } } };
      expectError(
        await api.call('POST', '/api/imports', body, { 'content-type': 'application/json' }),
        415,
        'UNSUPPORTED_MEDIA_TYPE',
      );
      const patch = { data: { type: 'imports', id: someId, attributes: { reference: 'x' } } };
      expectError(
        await api.call('PATCH', `/api/imports/${someId}`, patch, { 'content-type': 'text/plain' }),
        415,
        'UNSUPPORTED_MEDIA_TYPE',
      );
    });
  });

  describe('422', () => {
    const pointerOf = (answer: Answer) => answer.body.errors!.map((error) => error.source?.pointer);

    it.each([
      ['no resource_type', { inputs: skuInputs(1) }, '/data/attributes/resource_type'],
      [
        'an unknown resource_type',
        { resource_type: 'rockets', inputs: skuInputs(1) },
        '/data/attributes/resource_type',
      ],
      [
        'an unknown format',
        { resource_type: 'skus', format: 'xml', inputs: skuInputs(1) },
        '/data/attributes/format',
      ],
      ['no inputs', { resource_type: 'skus' }, '/data/attributes/inputs'],
      ['empty inputs', { resource_type: 'skus', inputs: [] }, '/data/attributes/inputs'],
      ['inputs that are not objects', { resource_type: 'skus', inputs: [1, 2] }, '/data/attributes/inputs'],
      [
        'CSV inputs that do not parse',
        { resource_type: 'skus', format: 'csv', inputs: 'code,name\n"A,b\n' },
        '/data/attributes/inputs',
      ],
      [
        'CSV inputs given as an array',
        { resource_type: 'skus', format: 'csv', inputs: skuInputs(1) },
        '/data/attributes/inputs',
      ],
      ['10,001 inputs', { resource_type: 'skus', inputs: skuInputs(10_001) }, '/data/attributes/inputs'],
      [
        'metadata that is not an object',
        { resource_type: 'skus', inputs: skuInputs(1), metadata: 'x' },
        '/data/attributes/metadata',
      ],
    ])('POST with %s', async (_name, attributes, pointer) => {
      const answer = await api.create(attributes);
      expectError(answer, 422, 'VALIDATION_ERROR');
      written.assert('/definitions/validationErrorDocument', answer.body);
      expect(pointerOf(answer)).toContain(pointer);
    });

    it('every failing attribute is reported at once', async () => {
      const answer = await api.create({ resource_type: 'rockets', format: 'xml' });
      expect(pointerOf(answer)).toEqual(['/data/attributes/resource_type', '/data/attributes/format']);
    });

    it('10,000 inputs are accepted', async () => {
      expect((await api.create({ resource_type: 'skus', inputs: skuInputs(10_000) })).status).toBe(201);
    });

    it('_interrupt on a completed import', async () => {
      const answer = await api.update(completedId, { _interrupt: true });
      expectError(answer, 422, 'VALIDATION_ERROR');
      expect(firstError(answer).source?.pointer).toBe('/data/attributes/_interrupt');
    });
  });

  describe('faults in the vendor envelope', () => {
    it.each([500, 503])('an injected %i', async (status) => {
      await sim.control('PUT', '/__sim/faults', { errorRate: 1, errorStatus: status });
      try {
        expectError(
          await api.get('/api/imports'),
          status,
          status === 500 ? 'INTERNAL_SERVER_ERROR' : 'SERVICE_UNAVAILABLE',
        );
      } finally {
        await sim.control('DELETE', '/__sim/faults');
      }
    });
  });
});

import { afterEach, describe, expect, test } from 'vitest';
import { fleetioSimulator } from '../../../src/simulators/fleetio/index.ts';
import { JsonSchemaValidator, OpenApiValidator } from '../../support/openapi.ts';
import { useSimulator } from '../../support/simulators.ts';
import { ADMIN, call, s3ErrorFields, type ImportRecord } from './fleetio-http.ts';

const spec = OpenApiValidator.fromFile('fleetio/imports.reconstructed-from-docs.openapi.yaml');
const errors = new JsonSchemaValidator('fleetio/written/errors.schema.json');
const recordSchemas = new JsonSchemaValidator('fleetio/written/import-records.schema.json');

describe('Fleetio simulator: the records redirect and its storage answer as documented', () => {
  const sim = useSimulator(fleetioSimulator, { imports: 30, rateLimits: false });
  const snapshot = () => sim.control<ImportRecord[]>('GET', '/__sim/imports');
  const withStatus = async (status: string) => (await snapshot()).find((item) => item.status === status)!;

  afterEach(async () => {
    await sim.control('DELETE', '/__sim/faults');
  });

  test('records: 302 with Location, then the storage 200 of the import type', async () => {
    const imports = await snapshot();
    const types = new Set<string>();
    for (const item of imports.filter((candidate) => candidate.status === 'complete')) {
      const redirect = await call(`${sim.url}/api/v1/imports/${item.id}/records`);
      expect(redirect.status).toBe(302);
      expect(redirect.text).toBe('');
      const location = new URL(redirect.headers.get('location')!);
      expect(location.origin).toBe(sim.url);
      const stored = await call(location.href, {});
      expect(stored.status).toBe(200);
      spec.assertResponse('/v1/imports/{id}/records', 'get', 200, stored.body);
      recordSchemas.assert('/definitions/AffectedRecords', stored.body);
      const definition = item.type.replace(/Import$/, '');
      for (const record of stored.body as unknown[])
        recordSchemas.assert(`/definitions/${definition}`, record);
      types.add(item.type);
    }
    expect(types.size).toBeGreaterThan(3);
  });

  test('records storage errors are S3 error documents', async () => {
    const item = await withStatus('complete');
    const location = (await call(`${sim.url}/api/v1/imports/${item.id}/records`)).headers.get('location')!;
    const tampered = location.replace(/X-Amz-Signature=[0-9a-f]{4}/, 'X-Amz-Signature=0000');
    const cases: [string, Record<string, string>, number, string][] = [
      [location, { authorization: 'Token sim-fleetio-key' }, 400, 'InvalidArgument'],
      [location, { authorization: 'Bearer anything' }, 400, 'InvalidArgument'],
      [tampered, {}, 403, 'SignatureDoesNotMatch'],
      [location.replace(`/${item.id}.json`, '/1.json'), {}, 403, 'SignatureDoesNotMatch'],
      [location.split('?')[0]!, {}, 403, 'AccessDenied'],
      [`${sim.url}/storage/import-records/a/b`, {}, 404, 'NoSuchKey'],
    ];
    for (const [url, headers, status, code] of cases) {
      const answer = await call(url, headers);
      expect(answer.status, code).toBe(status);
      expect(answer.headers.get('content-type')).toBe('application/xml');
      const fields = s3ErrorFields(answer.text);
      errors.assert('/definitions/S3Error', fields);
      expect(fields.Code).toBe(code);
    }
    // On the API's own origin the storage stands for Fleetio's host: Fleetio's credentials pass there.
    expect((await call(location, ADMIN)).status).toBe(200);
    await sim.advance(301_000);
    const expired = await call(location, {});
    expect(expired.status).toBe(403);
    errors.assert('/definitions/S3Error', s3ErrorFields(expired.text));
    expect(s3ErrorFields(expired.text).Message).toBe('Request has expired');
    await sim.control('PUT', '/__sim/faults', { errorRate: 1, errorStatus: 503 });
    const slowDown = await call(location, {});
    expect(slowDown.status).toBe(503);
    expect(s3ErrorFields(slowDown.text).Code).toBe('SlowDown');
  });
});

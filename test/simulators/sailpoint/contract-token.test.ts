import { describe, expect, it } from 'vitest';
import { sailpointSimulator } from '../../../src/simulators/sailpoint/index.ts';
import { useSimulator } from '../../support/simulators.ts';
import { ADMIN, answer, get, requestToken, type ApiAnswer } from './sailpoint-api.ts';
import { STATUS, expectSpecError, oauth, specs, written } from './sailpoint-schemas.ts';

describe('SailPoint simulator contract: token endpoint and answers of the shared server', () => {
  const sim = useSimulator(sailpointSimulator, { imports: 2, rateLimits: false });

  it('POST /oauth/token 200 for urlencoded, multipart, query-string and Basic credentials', async () => {
    const bodies: ApiAnswer[] = [
      await requestToken(sim.url),
      await answer(
        await fetch(`${sim.url}/oauth/token`, {
          method: 'POST',
          body: new URLSearchParams({
            grant_type: 'client_credentials',
            client_id: ADMIN.id,
            client_secret: ADMIN.secret,
          }),
        }),
      ),
      await answer(
        await fetch(
          `${sim.url}/oauth/token?grant_type=client_credentials&client_id=${ADMIN.id}&client_secret=${ADMIN.secret}`,
          { method: 'POST' },
        ),
      ),
      await answer(
        await fetch(`${sim.url}/oauth/token`, {
          method: 'POST',
          headers: {
            authorization: `Basic ${Buffer.from(`${ADMIN.id}:${ADMIN.secret}`).toString('base64')}`,
          },
          body: new URLSearchParams({ grant_type: 'client_credentials' }),
        }),
      ),
    ];
    for (const reply of bodies) {
      expect(reply.status, reply.text).toBe(200);
      oauth.assertResponse('/oauth/token', 'post', 200, reply.body);
      written.assert('/definitions/TokenResponse', reply.body);
      expect(reply.body).toMatchObject({ token_type: 'bearer', expires_in: 749 });
    }
    const jwt = (bodies[0]!.body as { access_token: string }).access_token;
    const claims = JSON.parse(Buffer.from(jwt.split('.')[1]!, 'base64url').toString()) as {
      exp: number;
      iat: number;
    };
    expect(claims.exp - claims.iat).toBe(749);
  });

  it('POST /oauth/token 400 for malformed requests and 401 for wrong credentials', async () => {
    const post = async (body: RequestInit['body'], headers: Record<string, string> = {}) =>
      answer(await fetch(`${sim.url}/oauth/token`, { method: 'POST', headers, body }));
    const malformed = [
      await post(new URLSearchParams({ client_id: ADMIN.id, client_secret: ADMIN.secret })),
      await post(new URLSearchParams({ grant_type: 'password', client_id: ADMIN.id })),
      await post(
        new URLSearchParams({ grant_type: 'refresh_token', refresh_token: 'x', client_id: ADMIN.id }),
      ),
      await post(new URLSearchParams({ grant_type: 'client_credentials' })),
      await post(JSON.stringify({ grant_type: 'client_credentials' }), {
        'content-type': 'application/json',
      }),
      await post('--broken\r\n', { 'content-type': 'multipart/form-data; boundary=nothing' }),
    ];
    for (const reply of malformed) {
      expect(reply.status, reply.text).toBe(400);
      oauth.assertResponse('/oauth/token', 'post', 400, reply.body);
      written.assert('/definitions/ErrorResponseDto', reply.body);
    }
    expect((malformed[0]!.body as { detailCode: string }).detailCode).toBe(
      '400.1.0 Required data missing or empty',
    );
    for (const client of [
      { id: ADMIN.id, secret: 'wrong' },
      { id: 'nobody', secret: ADMIN.secret },
    ]) {
      const refused = await requestToken(sim.url, client);
      expect(refused.status).toBe(401);
      oauth.assertResponse('/oauth/token', 'post', 401, refused.body);
      written.assert('/definitions/InvalidClient', refused.body);
    }
  });

  it('unknown routes 404, wrong methods 405 and oversized bodies 413 as ErrorResponseDto', async () => {
    for (const path of ['/v3/sp-config/import', '/v2025/sp-config/export', '/']) {
      const missing = await get(sim.url, path);
      expect(missing.status).toBe(404);
      specs.v2025.assertSchema('/components/schemas/ErrorResponseDto', missing.body);
      written.assert('/definitions/ErrorResponseDto', missing.body);
    }
    const wrongMethod = await answer(await fetch(`${sim.url}/v2025/sp-config/import`, { method: 'GET' }));
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.get('allow')).toBe('POST');
    written.assert('/definitions/ErrorResponseDto', wrongMethod.body);
    const huge = await answer(
      await fetch(`${sim.url}/oauth/token`, { method: 'POST', body: Buffer.alloc(64 * 1024 * 1024 + 1, 97) }),
    );
    expect(huge.status).toBe(413);
    written.assert('/definitions/ErrorResponseDto', huge.body);
  });

  it('injected 500 and 503 use the vendor envelope', async () => {
    await sim.control('PUT', '/__sim/faults', { errorRate: 1, errorStatus: 500 });
    try {
      expectSpecError('v2025', STATUS, 'get', await get(sim.url, '/v2025/sp-config/import/x'), 500);
      const tokenFault = await requestToken(sim.url);
      oauth.assertResponse('/oauth/token', 'post', 500, tokenFault.body);
      await sim.control('PUT', '/__sim/faults', { errorRate: 1, errorStatus: 503 });
      const unavailable = await get(sim.url, '/beta/sp-config/import/x');
      expect(unavailable.status).toBe(503);
      written.assert('/definitions/ErrorResponseDto', unavailable.body);
      expect(unavailable.body).toMatchObject({ detailCode: '503 Service Unavailable' });
    } finally {
      await sim.control('DELETE', '/__sim/faults');
    }
  });
});

import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAuthenticator } from '../../src/server/auth/authenticate.ts';
import { readAuthSettings } from '../../src/auth-settings.ts';
import { API_KEYS, apiKeyEntry } from '../support/secrets.ts';

describe('API keys', () => {
  const problems: string[] = [];
  const settings = readAuthSettings(
    {
      GATEWAY_API_KEYS: `${apiKeyEntry('reader', API_KEYS.reader, 'imports:read')}, ${apiKeyEntry('writer', API_KEYS.writer, 'imports:read+imports:write')}`,
    },
    false,
    problems,
  );
  const authenticate = createAuthenticator(settings);

  it('parse without problems', () => expect(problems).toEqual([]));

  it('accept a configured key with its scopes and refuse others', async () => {
    expect(await authenticate(`Bearer ${API_KEYS.reader}`)).toMatchObject({
      ok: true,
      principal: { id: 'key:reader', name: 'API key reader' },
    });
    const writer = await authenticate(`bearer ${API_KEYS.writer}`);
    expect(writer.ok && [...writer.principal.scopes]).toEqual(['imports:read', 'imports:write']);
    expect(await authenticate('Bearer wrong')).toEqual({
      ok: false,
      message: 'The bearer credential is not valid.',
    });
    expect(await authenticate(undefined)).toMatchObject({ ok: false, message: /Authentication required/ });
    expect(await authenticate(`Basic ${API_KEYS.reader}`)).toMatchObject({ ok: false });
  });

  it('report malformed entries without echoing them', () => {
    const found: string[] = [];
    readAuthSettings(
      { GATEWAY_API_KEYS: 'a:nothex:imports:read,b:' + 'f'.repeat(64) + ':imports:admin' },
      false,
      found,
    );
    expect(found).toEqual([
      'GATEWAY_API_KEYS entry 1 (a): the second part must be the SHA-256 of the key in hex (64 characters).',
      'GATEWAY_API_KEYS entry 2 (b): unknown scope imports:admin; use imports:read or imports:write.',
    ]);
  });

  it('refuse to run open in production unless allowed', () => {
    const found: string[] = [];
    expect(readAuthSettings({}, true, found).open).toBe(true);
    expect(found[0]).toMatch(/refusing to run without authentication/);
    const allowed: string[] = [];
    readAuthSettings({ ALLOW_UNAUTHENTICATED: '1' }, true, allowed);
    expect(allowed).toEqual([]);
  });
});

describe('JWT bearer tokens against a JWKS served over HTTP', () => {
  let server: Server;
  let jwksUrl = '';
  let signingKey: CryptoKey;
  let strangerKey: CryptoKey;

  beforeAll(async () => {
    const pair = await generateKeyPair('RS256');
    signingKey = pair.privateKey;
    strangerKey = (await generateKeyPair('RS256')).privateKey;
    const jwk: JWK = { ...(await exportJWK(pair.publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' };
    server = createServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ keys: [jwk] }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    jwksUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/jwks.json`;
  });
  afterAll(() => server.close());

  const token = (
    key: CryptoKey,
    claims: Record<string, unknown>,
    options: { exp?: string | number; iss?: string; aud?: string } = {},
  ) =>
    new SignJWT(claims)
      .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
      .setSubject('user-1')
      .setIssuer(options.iss ?? 'https://issuer.test')
      .setAudience(options.aud ?? 'import-gateway')
      .setIssuedAt()
      .setExpirationTime(options.exp ?? '5m')
      .sign(key);

  it('accepts a valid token with its scope claim, refuses forged, expired and misaddressed ones', async () => {
    const authenticate = createAuthenticator(
      readAuthSettings(
        {
          AUTH_JWKS_URL: jwksUrl,
          AUTH_JWT_ISSUER: 'https://issuer.test',
          AUTH_JWT_AUDIENCE: 'import-gateway',
        },
        false,
        [],
      ),
    );
    const valid = await authenticate(`Bearer ${await token(signingKey, { scope: 'imports:read other' })}`);
    expect(valid.ok && [...valid.principal.scopes]).toEqual(['imports:read']);
    // Identity is the issuer and subject, apart from any API key's name.
    expect(valid.ok && valid.principal.id).toBe('jwt:https://issuer.test:user-1');
    expect(await authenticate(`Bearer ${await token(strangerKey, { scope: 'imports:read' })}`)).toMatchObject(
      { ok: false },
    );
    const expired = await token(signingKey, {}, { exp: Math.floor(Date.now() / 1000) - 60 });
    expect(await authenticate(`Bearer ${expired}`)).toMatchObject({ ok: false });
    expect(
      await authenticate(`Bearer ${await token(signingKey, {}, { aud: 'someone-else' })}`),
    ).toMatchObject({ ok: false });
    expect(
      await authenticate(`Bearer ${await token(signingKey, {}, { iss: 'https://evil.test' })}`),
    ).toMatchObject({ ok: false });
  });
});

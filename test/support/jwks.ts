import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK } from 'jose';

export const JWT_ISSUER = 'https://issuer.test';
export const JWT_AUDIENCE = 'import-gateway';

export interface TokenOptions {
  /** Default RS256. HS256 is signed with the RSA key's public modulus, as an algorithm-confusion attack would. */
  alg?: 'RS256' | 'RS384' | 'PS256' | 'ES256' | 'HS256';
  /** Seconds since the epoch, a jose duration ('5m', the default), or null for no `exp` at all. */
  exp?: number | string | null;
  /** Default `user-1`; null for no `sub`. */
  sub?: string | null;
  iss?: string;
  aud?: string;
  /** Default `imports:read`. */
  scope?: string;
}

/**
 * An identity provider's key set served over loopback HTTP, as the gateway fetches it in
 * production (AUTH_JWKS_URL): an RSA key and a P-256 key, and tokens signed with either. The RSA
 * JWK names no `alg`, as many providers' sets do, so the key itself allows RS384 or PS256 and
 * only the gateway's allowlist stands in the way.
 */
export class JwksServer {
  private constructor(
    private readonly server: Server,
    readonly url: string,
    private readonly keys: { rsa: KeyObject; ec: CryptoKey; rsaModulus: string },
  ) {}

  static async start(): Promise<JwksServer> {
    // A KeyObject, not a CryptoKey: WebCrypto ties an RSA key to one hash, and this one signs several.
    const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const ec = await generateKeyPair('ES256');
    const rsaJwk: JWK = { ...(await exportJWK(rsa.publicKey)), kid: 'rsa-1', use: 'sig' };
    const ecJwk: JWK = { ...(await exportJWK(ec.publicKey)), kid: 'ec-1', alg: 'ES256', use: 'sig' };
    const server = createServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ keys: [rsaJwk, ecJwk] }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/jwks.json`;
    return new JwksServer(server, url, { rsa: rsa.privateKey, ec: ec.privateKey, rsaModulus: rsaJwk.n! });
  }

  sign(options: TokenOptions = {}): Promise<string> {
    const alg = options.alg ?? 'RS256';
    const token = new SignJWT({ scope: options.scope ?? 'imports:read' })
      .setProtectedHeader({ alg, kid: alg === 'ES256' ? 'ec-1' : 'rsa-1' })
      .setIssuer(options.iss ?? JWT_ISSUER)
      .setAudience(options.aud ?? JWT_AUDIENCE)
      .setIssuedAt();
    if (options.sub !== null) token.setSubject(options.sub ?? 'user-1');
    if (options.exp !== null) token.setExpirationTime(options.exp ?? '5m');
    if (alg === 'HS256') return token.sign(new TextEncoder().encode(this.keys.rsaModulus));
    return token.sign(alg === 'ES256' ? this.keys.ec : this.keys.rsa);
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

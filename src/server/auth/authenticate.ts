import { createHash, timingSafeEqual } from 'node:crypto';
import { createRemoteJWKSet, errors as joseErrors, jwtVerify } from 'jose';
import type { AuthSettings, Scope } from './settings.ts';
import { SCOPES } from './settings.ts';

/** Who is calling and what they may do. */
export interface Principal {
  name: string;
  scopes: ReadonlySet<Scope>;
}

export type AuthResult = { ok: true; principal: Principal } | { ok: false; message: string };

export type Authenticator = (authorization: string | undefined) => Promise<AuthResult>;

/** The caller when authentication is off (no keys, no JWKS): every scope. */
export const OPEN_PRINCIPAL: Principal = {
  name: 'anonymous (authentication is off)',
  scopes: new Set(SCOPES),
};

function bearer(authorization: string | undefined): string | undefined {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
  return match?.[1];
}

/**
 * API keys are compared by their SHA-256, in constant time, against every configured key (the
 * loop does not stop at a match, so timing says nothing about which key or how many).
 */
function matchApiKey(settings: AuthSettings, token: string): Principal | undefined {
  const digest = createHash('sha256').update(token).digest();
  let found: Principal | undefined;
  for (const entry of settings.apiKeys) {
    if (timingSafeEqual(digest, entry.sha256) && !found)
      found = { name: entry.name, scopes: new Set(entry.scopes) };
  }
  return found;
}

function scopesOf(payload: Record<string, unknown>): Set<Scope> {
  const raw = payload.scope ?? payload.scp;
  const list = typeof raw === 'string' ? raw.split(' ') : Array.isArray(raw) ? raw.map(String) : [];
  return new Set(list.filter((scope): scope is Scope => (SCOPES as readonly string[]).includes(scope)));
}

/**
 * Builds the one authentication check used for HTTP requests and WebSocket `connection_init`
 * alike (CONTRACT.md, Auth). Messages say what is wrong without echoing the credential.
 */
export function createAuthenticator(settings: AuthSettings): Authenticator {
  if (settings.open) return () => Promise.resolve({ ok: true, principal: OPEN_PRINCIPAL });
  const jwks = settings.jwt ? createRemoteJWKSet(new URL(settings.jwt.jwksUrl)) : undefined;
  return async (authorization) => {
    const token = bearer(authorization);
    if (!token)
      return { ok: false, message: 'Authentication required: send Authorization: Bearer <api key or JWT>.' };
    const keyPrincipal = matchApiKey(settings, token);
    if (keyPrincipal) return { ok: true, principal: keyPrincipal };
    if (!jwks || token.split('.').length !== 3)
      return { ok: false, message: 'The bearer credential is not valid.' };
    try {
      const { payload } = await jwtVerify(token, jwks, {
        issuer: settings.jwt!.issuer,
        audience: settings.jwt!.audience,
      });
      return { ok: true, principal: { name: String(payload.sub ?? 'jwt'), scopes: scopesOf(payload) } };
    } catch (error) {
      if (error instanceof joseErrors.JWTExpired)
        return { ok: false, message: 'The bearer token has expired.' };
      return { ok: false, message: 'The bearer token is not valid.' };
    }
  };
}

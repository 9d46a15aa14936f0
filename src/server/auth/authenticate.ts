import { createHash, timingSafeEqual } from 'node:crypto';
import { createJwtVerifier } from './jwt-verifier.ts';
import { OPEN_PRINCIPAL, type Principal } from '../../principal.ts';
import type { AuthSettings } from '../../auth-settings.ts';
import { apiKeyPrincipal } from './principal.ts';

export type AuthResult = { ok: true; principal: Principal } | { ok: false; message: string };

export type Authenticator = (authorization: string | undefined) => Promise<AuthResult>;

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
    if (timingSafeEqual(digest, entry.sha256) && !found) found = apiKeyPrincipal(entry);
  }
  return found;
}

/**
 * Builds the one authentication check used for HTTP requests and WebSocket `connection_init`
 * alike (docs/SECURITY.md, Authentication). Messages say what is wrong without echoing the credential.
 */
export function createAuthenticator(settings: AuthSettings): Authenticator {
  if (settings.open) return () => Promise.resolve({ ok: true, principal: OPEN_PRINCIPAL });
  const verifyJwt = settings.jwt ? createJwtVerifier(settings.jwt) : undefined;
  return async (authorization) => {
    const token = bearer(authorization);
    if (!token)
      return { ok: false, message: 'Authentication required: send Authorization: Bearer <api key or JWT>.' };
    const keyPrincipal = matchApiKey(settings, token);
    if (keyPrincipal) return { ok: true, principal: keyPrincipal };
    if (!verifyJwt || token.split('.').length !== 3)
      return { ok: false, message: 'The bearer credential is not valid.' };
    return verifyJwt(token);
  };
}

import type { Principal, Scope } from '../../principal.ts';
import type { ApiKeyEntry } from '../../auth-settings.ts';

/** The principal of a configured API key. */
export function apiKeyPrincipal(entry: ApiKeyEntry): Principal {
  return { id: `key:${entry.name}`, name: `API key ${entry.name}`, scopes: new Set(entry.scopes) };
}

/**
 * `iss` is empty when AUTH_JWT_ISSUER is unset and the token names none. Issuer and subject are
 * not escaped: whoever signs with a key of the JWKS can write any `iss` and `sub` anyway, so an
 * id that two (iss, sub) pairs would share gives nobody more than the signer already has.
 */
export function jwtPrincipal(
  claims: { iss: string | undefined; sub: string },
  scopes: Set<Scope>,
  expiresAt?: number,
): Principal {
  // The subject comes from the caller's own token; a bound keeps messages readable.
  const shown = claims.sub.length > 80 ? `${claims.sub.slice(0, 80)}…` : claims.sub;
  return { id: `jwt:${claims.iss ?? ''}:${claims.sub}`, name: `JWT subject ${shown}`, scopes, expiresAt };
}

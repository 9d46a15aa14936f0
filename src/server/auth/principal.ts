import type { ApiKeyEntry, Scope } from './settings.ts';
import { SCOPES } from './settings.ts';

/** Who is calling and what they may do. */
export interface Principal {
  /**
   * Who the caller is, for everything the gateway keeps per caller (the page cache, shared live
   * executions): `key:<name>` for an API key, `jwt:<iss>:<sub>` for a JWT, `open` when
   * authentication is off. The kind comes first, so a JWT whose `sub` is an API key's name is
   * still someone else.
   */
  id: string;
  /** For people: what messages (FORBIDDEN) call the credential. Never an identity key. */
  name: string;
  scopes: ReadonlySet<Scope>;
}

/** The caller when authentication is off (no keys, no JWKS): every scope. */
export const OPEN_PRINCIPAL: Principal = {
  id: 'open',
  name: 'anonymous (authentication is off)',
  scopes: new Set(SCOPES),
};

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
): Principal {
  // The subject comes from the caller's own token; a bound keeps messages readable.
  const shown = claims.sub.length > 80 ? `${claims.sub.slice(0, 80)}…` : claims.sub;
  return { id: `jwt:${claims.iss ?? ''}:${claims.sub}`, name: `JWT subject ${shown}`, scopes };
}

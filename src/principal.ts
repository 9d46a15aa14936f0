/**
 * Who is calling and what they may do: the identity every layer that keeps per-caller state
 * (GraphQL context, page cache, shared live executions) reads. It imports nothing, so the
 * settings that list scopes and the GraphQL layer can both depend on it; server/auth produces
 * principals from credentials (docs/SECURITY.md, Authentication).
 */
export const SCOPES = ['imports:read', 'imports:write'] as const;
export type Scope = (typeof SCOPES)[number];

/**
 * The scope an operation needs: queries and subscriptions read, mutations write (docs/SECURITY.md,
 * Authentication). The server's scope check refuses an operation without it, and the GraphQL
 * layer's `viewerCan*` fields answer from it, so both read this one definition.
 */
export function requiredScope(operation: 'query' | 'mutation' | 'subscription'): Scope {
  return operation === 'mutation' ? 'imports:write' : 'imports:read';
}

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
  /**
   * When the credential stops being accepted (ms since the epoch): a JWT's `exp` plus the clock
   * tolerance. A live connection ends then, and refuses operations after it, as a new request
   * with the same token would be refused. Absent: the credential does not expire (API keys, open).
   */
  expiresAt?: number;
}

/** The caller when authentication is off (no keys, no JWKS): every scope. */
export const OPEN_PRINCIPAL: Principal = {
  id: 'open',
  name: 'anonymous (authentication is off)',
  scopes: new Set(SCOPES),
};

import type { Principal } from '../../principal.ts';
import type { Authenticator } from './authenticate.ts';

/**
 * The single place where a live connection's credentials are checked: the graphql-ws
 * `connection_init` payload (`{"Authorization": "Bearer …"}`, docs/SECURITY.md, Authentication) and the headers of
 * an SSE request, with the same authenticator as HTTP requests. The principal it answers decides,
 * per operation, which scopes the connection has.
 */
export type ConnectionAuthorization =
  { allowed: true; principal: Principal } | { allowed: false; reason: string };

export type ConnectionAuthorizer = (
  connectionParams: Readonly<Record<string, unknown>> | undefined,
) => Promise<ConnectionAuthorization>;

/**
 * `connectionParams.Authorization`, whatever its case: HTTP header names are case-insensitive, and
 * clients copy the header they send over HTTP into `connection_init` as they wrote it.
 */
function authorizationOf(params: Readonly<Record<string, unknown>> | undefined): unknown {
  if (!params) return undefined;
  const key = Object.keys(params).find((name) => name.toLowerCase() === 'authorization');
  return key === undefined ? undefined : params[key];
}

/** Checks live connections with the gateway's authenticator (API keys, JWTs). */
export function connectionAuthorizer(authenticate: Authenticator): ConnectionAuthorizer {
  return async (params) => {
    const authorization = authorizationOf(params);
    if (authorization !== undefined && typeof authorization !== 'string')
      return { allowed: false, reason: 'Authorization must be a string: "Bearer <api key or JWT>".' };
    const result = await authenticate(authorization);
    return result.ok
      ? { allowed: true, principal: result.principal }
      : { allowed: false, reason: result.message };
  };
}

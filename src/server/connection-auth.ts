/**
 * The single place where a live connection's credentials are checked: the graphql-ws
 * `connection_init` payload (`{"Authorization": "Bearer …"}`, CONTRACT.md Auth) and the headers of
 * an SSE request, with the same rules as HTTP requests. The gateway runs open today (no
 * GATEWAY_API_KEYS, no JWKS), so the default lets everyone in; the auth layer replaces it.
 */
export type ConnectionAuthorization = { allowed: true } | { allowed: false; reason: string };

export type ConnectionAuthorizer = (
  connectionParams: Readonly<Record<string, unknown>> | undefined,
) => Promise<ConnectionAuthorization>;

export const allowEveryConnection: ConnectionAuthorizer = () => Promise.resolve({ allowed: true });

import type { GraphQLResponse } from './gateway.ts';
import { API_KEYS, apiKeyEntry } from './secrets.ts';

/** Two API keys with every scope: `key:alice` and `key:bob` (docs/SECURITY.md, Principal identity). */
export const TWO_CALLERS_ENV = {
  GATEWAY_API_KEYS: [
    apiKeyEntry('alice', API_KEYS.alice, 'imports:read+imports:write'),
    apiKeyEntry('bob', API_KEYS.bob, 'imports:read+imports:write'),
  ].join(','),
};

export type Caller = 'alice' | 'bob';

/** One GraphQL request over HTTP with the API key of `caller` (any of test/support/secrets.ts). */
export async function postAs<T = Record<string, unknown>>(
  url: string,
  caller: keyof typeof API_KEYS,
  query: string,
  variables?: Record<string, unknown>,
): Promise<GraphQLResponse<T>> {
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/graphql-response+json',
      authorization: `Bearer ${API_KEYS[caller]}`,
    },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as Omit<GraphQLResponse<T>, 'status'>;
  return { status: response.status, ...body };
}

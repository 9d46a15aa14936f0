import {
  authorization,
  json,
  mediaType,
  parseFormBody,
  parseJsonBody,
  type SimRequest,
  type SimResponse,
} from '../core/http.ts';
import type { SimClock } from '../core/clock.ts';
import type { TokenIssuer } from '../core/tokens.ts';
import { invalidToken, unauthorized } from './errors.ts';
import type { ResolvedOptions } from './options.ts';

export interface Organization {
  id: string;
  slug: string;
}

/**
 * Errors of the token endpoint. The vendor's auth service answers them as `{ errors: [...] }`
 * with the OAuth error name as `title` and a numeric `status` (js-auth's own tests expect
 * `{ code: "UNAUTHORIZED", title: "invalid_client", status: 401 }` for an unknown client).
 */
function tokenError(status: 400 | 401, title: string, detail: string): SimResponse {
  return json(status, {
    errors: [{ title, detail, code: status === 401 ? 'UNAUTHORIZED' : 'BAD_REQUEST', status }],
  });
}

/** Login scopes are market, stock_location and store, by id or code (cli-core); `market:all` from the docs. */
const SCOPE = /^(market:all|(market|stock_location|store):(id|code):[A-Za-z0-9_-]+)$/;

/** The vendor's SDKs post JSON (js-auth); form bodies are accepted as any OAuth server does. */
async function readParams(request: SimRequest): Promise<Record<string, unknown> | undefined> {
  const type = mediaType(request.headers['content-type']);
  if (type === 'application/json' || (type === '' && request.body.length > 0)) {
    const parsed = parseJsonBody(request.body);
    return parsed.ok &&
      typeof parsed.value === 'object' &&
      parsed.value !== null &&
      !Array.isArray(parsed.value)
      ? (parsed.value as Record<string, unknown>)
      : undefined;
  }
  const form = await parseFormBody(request);
  return (
    form &&
    Object.fromEntries(
      [...form.entries()].map(([name, value]) => [name, typeof value === 'string' ? value : '']),
    )
  );
}

/** `POST /oauth/token`: client_credentials for the one integration client the simulator knows. */
export function tokenHandler(deps: {
  options: ResolvedOptions;
  tokens: TokenIssuer;
  clock: SimClock;
  organization: Organization;
}) {
  return async (request: SimRequest): Promise<SimResponse> => {
    const params = await readParams(request);
    if (!params)
      return tokenError(400, 'invalid_request', 'The request body must be a JSON object or a form.');
    const grantType = params.grant_type;
    if (typeof grantType !== 'string' || grantType === '') {
      return tokenError(400, 'invalid_request', 'The grant_type parameter is missing.');
    }
    // Only the integration client exists here; imports need one (the vendor CLI refuses others).
    if (grantType !== 'client_credentials') {
      return tokenError(400, 'unsupported_grant_type', `The grant type ${grantType} is not supported here.`);
    }
    if (params.client_id !== deps.options.clientId || params.client_secret !== deps.options.clientSecret) {
      return tokenError(
        401,
        'invalid_client',
        'Client authentication failed: unknown client or wrong secret.',
      );
    }
    if (params.scope !== undefined && params.scope !== null && typeof params.scope !== 'string') {
      return tokenError(400, 'invalid_scope', 'The scope must be a string.');
    }
    const requested = typeof params.scope === 'string' ? params.scope.trim() : '';
    const scopes = requested === '' ? [] : requested.split(/\s+/);
    const badScope = scopes.find((scope) => !SCOPE.test(scope));
    if (badScope !== undefined)
      return tokenError(400, 'invalid_scope', `The scope ${badScope} is not valid.`);
    // An integration token asked for no scope gets `market:all` (js-auth's tests).
    const scope = scopes.length > 0 ? scopes.join(' ') : 'market:all';
    const lifetime = deps.options.tokenLifetimeSeconds;
    const accessToken = deps.tokens.issue(lifetime, {
      organization: {
        id: deps.organization.id,
        slug: deps.organization.slug,
        enterprise: true,
        region: 'eu-west-1',
      },
      application: { kind: 'integration', public: false },
      scope,
      test: deps.options.mode === 'test',
      // The vendor's own issuer: its SDK derives the API host from it (specs/VENDOR-REFERENCE.md §3.3).
      iss: 'https://auth.commercelayer.io',
    });
    return json(200, {
      access_token: accessToken,
      token_type: 'bearer',
      expires_in: lifetime,
      scope,
      created_at: Math.floor(deps.clock.now() / 1000),
    });
  };
}

/** The API's bearer check: none → UNAUTHORIZED; expired, revoked or foreign → INVALID_TOKEN. */
export function checkBearer(request: SimRequest, tokens: TokenIssuer): SimResponse | undefined {
  const token = authorization(request, 'Bearer');
  if (token === undefined || token === '') return unauthorized();
  return tokens.check(token).valid ? undefined : invalidToken();
}

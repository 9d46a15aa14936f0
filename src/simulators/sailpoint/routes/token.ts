import {
  json,
  mediaType,
  parseFormBody,
  type SimRequest,
  type SimResponse,
  type SimRoute,
} from '../../core/http.ts';
import { SAILPOINT_CLIENTS, SIMULATED_TENANT } from '../auth.ts';
import type { SailpointDeps } from '../deps.ts';
import { DETAIL_CODES, errorResponseDto } from '../errors.ts';

const FORM_TYPES = new Set(['application/x-www-form-urlencoded', 'multipart/form-data']);
const SCOPE = 'sp:scopes:all';

/**
 * `POST /oauth/token` (oauth-token.openapi.yaml) [S]. Parameters come from the form body, which
 * the SDK sends as multipart [S], or from the query string, as the docs' curl examples send them
 * [D]; HTTP Basic client authentication is accepted as OAuth 2.0 allows. Malformed requests get
 * the spec's 400 ErrorResponseDto; wrong credentials get a 401 `{error}` in OAuth's words [I].
 */
export function tokenRoute(deps: SailpointDeps): SimRoute {
  return { method: 'POST', path: '/oauth/token', handler: (request) => issueToken(deps, request) };
}

async function issueToken(deps: SailpointDeps, request: SimRequest): Promise<SimResponse> {
  const badRequest = (cause: string, detailCode?: string) =>
    errorResponseDto(400, deps.trackingId(), cause, detailCode);
  const params = new Map(request.query);
  if (request.body.length > 0) {
    if (!FORM_TYPES.has(mediaType(request.headers['content-type']))) {
      return badRequest(
        'The token request must be application/x-www-form-urlencoded or multipart/form-data.',
      );
    }
    const form = await parseFormBody(request);
    if (!form) return badRequest('The form body could not be read.');
    for (const [name, value] of form) if (typeof value === 'string') params.set(name, value);
  }
  const basic = basicCredentials(request);
  const grantType = params.get('grant_type');
  const clientId = params.get('client_id') ?? basic?.id;
  const clientSecret = params.get('client_secret') ?? basic?.secret;

  if (!grantType) return badRequest('grant_type is required.', DETAIL_CODES.missingData);
  if (grantType === 'authorization_code' || grantType === 'refresh_token') {
    return badRequest(
      `The ${grantType === 'refresh_token' ? 'refresh token' : 'authorization code'} is not valid.`,
    );
  }
  if (grantType !== 'client_credentials') return badRequest(`Unsupported grant_type "${grantType}".`);
  if (!clientId) return badRequest('client_id is required.', DETAIL_CODES.missingData);
  const client = SAILPOINT_CLIENTS[clientId];
  if (!client || client.secret !== clientSecret) {
    return json(401, { error: 'invalid_client', error_description: 'Bad client credentials' });
  }

  const lifetime = deps.options.tokenLifetimeSeconds;
  const accessToken = deps.context.tokens.issue(lifetime, {
    tenant_id: SIMULATED_TENANT.tenantId,
    pod: SIMULATED_TENANT.pod,
    org: SIMULATED_TENANT.org,
    identity_id: client.identityId,
    user_name: client.userName,
    authorities: [client.userLevel],
    client_id: clientId,
    scope: [SCOPE],
  });
  const claims = JSON.parse(Buffer.from(accessToken.split('.')[1]!, 'base64url').toString('utf8')) as {
    jti: string;
  };
  // Field set of the docs' token response example [D].
  return json(200, {
    access_token: accessToken,
    token_type: 'bearer',
    expires_in: lifetime,
    scope: SCOPE,
    accessType: 'OFFLINE',
    tenant_id: SIMULATED_TENANT.tenantId,
    internal: false,
    pod: SIMULATED_TENANT.pod,
    strong_auth_supported: false,
    org: SIMULATED_TENANT.org,
    user_id: client.userName,
    identity_id: client.identityId,
    strong_auth: false,
    enabled: true,
    jti: claims.jti,
  });
}

function basicCredentials(request: SimRequest): { id: string; secret: string } | undefined {
  const header = request.headers.authorization;
  if (!header?.toLowerCase().startsWith('basic ')) return undefined;
  const decoded = Buffer.from(header.slice(6).trim(), 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon < 0 ? undefined : { id: decoded.slice(0, colon), secret: decoded.slice(colon + 1) };
}

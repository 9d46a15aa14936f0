import { authorization, type SimRequest, type SimResponse } from '../core/http.ts';
import { invalidParams, problem } from './errors.ts';

/** the README's default credentials of the Fleetio simulator. */
export const FLEETIO_CREDENTIALS = {
  /** An admin's API key: every imports endpoint answers it. */
  adminKey: 'sim-fleetio-key',
  /** A key whose user is neither admin nor account owner. */
  readonlyKey: 'sim-fleetio-readonly',
  accountToken: 'sim-fleetio-account',
} as const;

/** The first API version with the cursor envelope these endpoints answer in (versioning page [D]). */
const FIRST_CURSOR_VERSION = '2024-01-01';

/**
 * The API key of `Authorization: Token <key>`, also in the `Token token="<key>"` form an older docs
 * page shows (specs/VENDOR-REFERENCE.md §1 [D]); the word `Token` is required, so `Bearer` is
 * refused.
 */
function apiKey(request: SimRequest): string | undefined {
  const credentials = authorization(request, 'Token');
  if (credentials === undefined) return undefined;
  const quoted = /^token="?([^"]*)"?$/i.exec(credentials);
  return quoted ? quoted[1] : credentials;
}

/**
 * What every imports endpoint checks before anything else, in Fleetio's order: credentials (401,
 * RFC 7807), then the requested API version, then the user's role, since the imports endpoints need
 * an admin or account owner (403, specs/VENDOR-REFERENCE.md §1 [D]; the records page says so
 * outright, List Imports and Row Results list 403 too, so all three refuse a non-admin key).
 */
export function refuseUnlessAdmin(request: SimRequest): SimResponse | undefined {
  const key = apiKey(request);
  const account = request.headers['account-token'];
  if (key === undefined) {
    return problem(401, 'Authorization header missing or not of the form "Token <API key>"', request.path);
  }
  const knownKey = key === FLEETIO_CREDENTIALS.adminKey || key === FLEETIO_CREDENTIALS.readonlyKey;
  if (!knownKey || account !== FLEETIO_CREDENTIALS.accountToken) {
    return problem(401, 'Invalid API key or Account-Token', request.path);
  }
  const version = request.headers['x-api-version'];
  if (
    typeof version === 'string' &&
    !(/^\d{4}-\d{2}-\d{2}$/.test(version) && version >= FIRST_CURSOR_VERSION)
  ) {
    // [I]: older versions page with X-Pagination-* headers, which this simulator does not serve.
    return invalidParams({ 'X-Api-Version': [`must be a date version from ${FIRST_CURSOR_VERSION} on`] });
  }
  if (key !== FLEETIO_CREDENTIALS.adminKey) {
    return problem(403, 'Only admins and the account owner may use the imports API', request.path);
  }
  return undefined;
}

import { createRemoteJWKSet, errors, jwtVerify, type JWTPayload, type JWTVerifyOptions } from 'jose';
import type { JwtSettings } from '../../jwt-settings.ts';
import { SCOPES, type Principal, type Scope } from '../../principal.ts';
import { jwtPrincipal } from './principal.ts';

export type JwtCheck = { ok: true; principal: Principal } | { ok: false; message: string };

function scopesOf(payload: JWTPayload): Set<Scope> {
  const raw = payload.scope ?? payload.scp;
  const list = typeof raw === 'string' ? raw.split(' ') : Array.isArray(raw) ? raw.map(String) : [];
  return new Set(list.filter((scope): scope is Scope => (SCOPES as readonly string[]).includes(scope)));
}

/**
 * What a refused token is told. Each names the rule, never the token or a claim's value (the
 * caller has the token; logs and proxies that keep answers should not).
 */
function refusal(error: unknown, settings: JwtSettings): string {
  if (error instanceof errors.JWTExpired) return 'The bearer token has expired.';
  if (error instanceof errors.JWTClaimValidationFailed) {
    if (error.reason === 'missing' && error.claim === 'exp')
      return 'The bearer token has no expiry (exp claim); this gateway accepts only tokens that expire.';
    if (error.reason === 'missing' && error.claim === 'sub')
      return 'The bearer token names no subject (sub claim); this gateway needs one to tell callers apart.';
    if (error.claim === 'iss') return 'The bearer token was not issued by the issuer this gateway trusts.';
    if (error.claim === 'aud') return 'The bearer token is not meant for this gateway (aud claim).';
    if (error.claim === 'nbf') return 'The bearer token is not valid yet (nbf claim).';
    return `The bearer token's ${error.claim} claim is not valid.`;
  }
  if (error instanceof errors.JOSEAlgNotAllowed || error instanceof errors.JOSENotSupported)
    return `The bearer token is signed with an algorithm this gateway does not accept; it accepts ${settings.algorithms.join(', ')}.`;
  if (
    error instanceof errors.JWKSTimeout ||
    error instanceof errors.JWKSInvalid ||
    !(error instanceof errors.JOSEError) ||
    error.code === 'ERR_JOSE_GENERIC'
  )
    return 'The gateway could not check the bearer token: its key set (AUTH_JWKS_URL) did not answer as expected.';
  return 'The bearer token is not valid.';
}

/**
 * Verifies JWTs against the JWKS at AUTH_JWKS_URL (keys fetched and cached by jose), as a
 * production deployment expects whatever NODE_ENV says: only the allowed algorithms, `exp` and
 * `sub` required, issuer and audience checked when set, AUTH_JWT_CLOCK_TOLERANCE_S of leeway.
 */
export function createJwtVerifier(settings: JwtSettings): (token: string) => Promise<JwtCheck> {
  const jwks = createRemoteJWKSet(new URL(settings.jwksUrl));
  const options: JWTVerifyOptions = {
    issuer: settings.issuer,
    audience: settings.audience,
    algorithms: settings.algorithms,
    clockTolerance: settings.clockToleranceS,
    requiredClaims: ['exp', 'sub'],
  };
  return async (token) => {
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, jwks, options));
    } catch (error) {
      return { ok: false, message: refusal(error, settings) };
    }
    const { sub, iss } = payload;
    if (typeof sub !== 'string' || sub === '')
      return { ok: false, message: "The bearer token's sub claim must be a non-empty string." };
    if (iss !== undefined && typeof iss !== 'string')
      return { ok: false, message: "The bearer token's iss claim must be a string." };
    // `exp` is required above; jose refuses the token from exp + tolerance on, and so does a live connection.
    const expiresAt = (payload.exp! + settings.clockToleranceS) * 1000;
    return { ok: true, principal: jwtPrincipal({ iss, sub }, scopesOf(payload), expiresAt) };
  };
}

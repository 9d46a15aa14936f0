import { authorization, type SimRequest, type SimResponse } from '../core/http.ts';
import type { TokenIssuer } from '../core/tokens.ts';
import { errorResponseDto, unauthorized } from './errors.ts';

/**
 * Personal access tokens the simulated tenant knows (README, Simulators). sp-config needs an
 * ORG_ADMIN user (`x-sailpoint-userLevels: ORG_ADMIN`) [S]; the second pair belongs to a help-desk
 * user, so the 403 the spec declares can be exercised [I].
 */
export const SAILPOINT_CLIENTS: Readonly<Record<string, SailpointClient>> = {
  'sim-sailpoint-client': {
    secret: 'sim-sailpoint-secret',
    userLevel: 'ORG_ADMIN',
    userName: 'sim.admin',
    identityId: '2c9180857a5b3c01017a5b4d9e2f0001',
  },
  'sim-sailpoint-helpdesk': {
    secret: 'sim-sailpoint-secret',
    userLevel: 'HELPDESK',
    userName: 'sim.helpdesk',
    identityId: '2c9180857a5b3c01017a5b4d9e2f0002',
  },
};

export interface SailpointClient {
  secret: string;
  userLevel: string;
  userName: string;
  identityId: string;
}

/** The simulated tenant as the token response and claims name it (docs token example) [D]. */
export const SIMULATED_TENANT = {
  org: 'sim-tenant',
  pod: 'sim-pod01',
  tenantId: '7f6c3b1e-2a4d-4c8e-9b1f-5d3e2a1c0b9a',
} as const;

export type BearerCheck =
  { ok: true; claims: Record<string, unknown> } | { ok: false; response: SimResponse };

/**
 * Checks `Authorization: Bearer <jwt>` and the user level sp-config requires. The expired-token body
 * is documented [S]; the wording for a missing or broken token follows its pattern [I].
 */
export function checkBearer(request: SimRequest, tokens: TokenIssuer, trackingId: () => string): BearerCheck {
  const token = authorization(request, 'Bearer');
  if (!token) return { ok: false, response: unauthorized('JWT validation failed: JWT is missing') };
  const check = tokens.check(token);
  if (!check.valid) {
    const reason = {
      expired: 'JWT is expired',
      malformed: 'JWT is malformed',
      'bad-signature': 'JWT signature does not match',
    }[check.reason];
    return { ok: false, response: unauthorized(`JWT validation failed: ${reason}`) };
  }
  const authorities = check.claims.authorities;
  if (!Array.isArray(authorities) || !authorities.includes('ORG_ADMIN')) {
    return {
      ok: false,
      response: errorResponseDto(
        403,
        trackingId(),
        'The user lacks the ORG_ADMIN user level sp-config requires.',
      ),
    };
  }
  return { ok: true, claims: check.claims };
}

/** The access token a request counts under for the per-token rate limit [D]; none when invalid. */
export function rateLimitKey(request: SimRequest, tokens: TokenIssuer): string | undefined {
  const token = authorization(request, 'Bearer');
  if (!token) return undefined;
  const check = tokens.check(token);
  return check.valid ? String(check.claims.jti) : undefined;
}

import { readInteger, readList, readValue as read, type Env } from './env-values.ts';

/**
 * The JWS algorithms jose verifies with a key of a JWKS (its table in lib/jws_algorithms.js, less
 * the HMAC ones it refuses for a key set). ML-DSA is left out: whether the runtime has it depends
 * on the Node version (Node 20 does not), and a setting must mean the same on every supported one.
 */
export const JWKS_ALGORITHMS = [
  'RS256',
  'RS384',
  'RS512',
  'PS256',
  'PS384',
  'PS512',
  'ES256',
  'ES384',
  'ES512',
  'EdDSA',
  'Ed25519',
] as const;
export type JwksAlgorithm = (typeof JWKS_ALGORITHMS)[number];

export const DEFAULT_JWT_ALGORITHMS: readonly JwksAlgorithm[] = ['RS256', 'ES256'];
export const DEFAULT_JWT_CLOCK_TOLERANCE_S = 5;
/** Five minutes: more would keep an expired token alive for longer than most tokens live. */
const MAX_JWT_CLOCK_TOLERANCE_S = 300;

export interface JwtSettings {
  jwksUrl: string;
  /** AUTH_JWT_ISSUER: the `iss` every token must carry; required with NODE_ENV=production. */
  issuer: string | undefined;
  /** AUTH_JWT_AUDIENCE: an `aud` every token must carry; required with NODE_ENV=production. */
  audience: string | undefined;
  /** AUTH_JWT_ALGORITHMS, default RS256 and ES256: a token signed otherwise is refused. */
  algorithms: JwksAlgorithm[];
  /** AUTH_JWT_CLOCK_TOLERANCE_S, default 5 s: leeway on `exp` and `nbf` for clocks that drift. */
  clockToleranceS: number;
}

function isJwksAlgorithm(name: string): name is JwksAlgorithm {
  return (JWKS_ALGORITHMS as readonly string[]).includes(name);
}

function readAlgorithms(env: Env, problems: string[]): JwksAlgorithm[] {
  if (read(env, 'AUTH_JWT_ALGORITHMS') === undefined) return [...DEFAULT_JWT_ALGORITHMS];
  const names = readList(env, 'AUTH_JWT_ALGORITHMS');
  if (names.length === 0)
    problems.push('AUTH_JWT_ALGORITHMS names no algorithm; leave it unset for RS256,ES256.');
  for (const name of names) {
    if (isJwksAlgorithm(name)) continue;
    if (name.toLowerCase() === 'none')
      problems.push('AUTH_JWT_ALGORITHMS: "none" (unsigned tokens) is never accepted.');
    else if (/^HS\d+$/i.test(name))
      problems.push(
        `AUTH_JWT_ALGORITHMS: ${name} needs a shared secret, and a JWKS holds public keys; use ${JWKS_ALGORITHMS.join(', ')}.`,
      );
    else
      problems.push(
        `AUTH_JWT_ALGORITHMS: unknown algorithm "${name.slice(0, 40)}"; use ${JWKS_ALGORITHMS.join(', ')} (names are case-sensitive).`,
      );
  }
  return [...new Set(names.filter(isJwksAlgorithm))];
}

/** The JWT settings when AUTH_JWKS_URL is set; every problem is added to `problems`. */
export function readJwtSettings(env: Env, production: boolean, problems: string[]): JwtSettings | undefined {
  const jwksUrl = read(env, 'AUTH_JWKS_URL');
  if (!jwksUrl) return undefined;
  if (!URL.canParse(jwksUrl)) problems.push(`AUTH_JWKS_URL must be a URL, got "${jwksUrl}".`);
  const issuer = read(env, 'AUTH_JWT_ISSUER');
  const audience = read(env, 'AUTH_JWT_AUDIENCE');
  const missing = [issuer ? [] : ['AUTH_JWT_ISSUER'], audience ? [] : ['AUTH_JWT_AUDIENCE']].flat();
  if (production && missing.length > 0) {
    // Without them, any token the identity provider signs (for any other application) gets in.
    problems.push(
      `NODE_ENV=production with AUTH_JWKS_URL requires ${missing.join(' and ')}: ` +
        'the issuer and audience your identity provider puts in tokens meant for this gateway.',
    );
  }
  return {
    jwksUrl,
    issuer,
    audience,
    algorithms: readAlgorithms(env, problems),
    clockToleranceS: readInteger(
      env,
      {
        name: 'AUTH_JWT_CLOCK_TOLERANCE_S',
        fallback: DEFAULT_JWT_CLOCK_TOLERANCE_S,
        min: 0,
        max: MAX_JWT_CLOCK_TOLERANCE_S,
      },
      problems,
    ),
  };
}

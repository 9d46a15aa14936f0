import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { SimClock } from './clock.ts';

export type TokenCheck =
  | { valid: true; claims: Record<string, unknown> }
  | { valid: false; reason: 'malformed' | 'bad-signature' | 'expired' };

/**
 * Issues and checks HS256 JWTs on the simulated clock. `exp` is in simulated seconds, so advancing
 * the clock expires tokens the way waiting would. `expireAll` implements the `expireTokens` fault:
 * every token issued so far is expired at once, while tokens issued afterwards stay valid.
 */
export class TokenIssuer {
  private readonly key = randomBytes(32);
  private issued = 0;
  private firstValidSerial = 0;

  constructor(private readonly clock: SimClock) {}

  issue(lifetimeSeconds: number, claims: Record<string, unknown>): string {
    const iat = Math.floor(this.clock.now() / 1000);
    const payload = { ...claims, iat, exp: iat + lifetimeSeconds, jti: `sim-${this.issued++}` };
    const header = encode({ alg: 'HS256', typ: 'JWT' });
    const body = encode(payload);
    return `${header}.${body}.${this.sign(`${header}.${body}`)}`;
  }

  check(token: string): TokenCheck {
    const parts = token.split('.');
    if (parts.length !== 3) return { valid: false, reason: 'malformed' };
    const [header, body, signature] = parts as [string, string, string];
    const expected = Buffer.from(this.sign(`${header}.${body}`));
    const given = Buffer.from(signature);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) {
      return { valid: false, reason: 'bad-signature' };
    }
    let claims: Record<string, unknown>;
    try {
      claims = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as Record<string, unknown>;
    } catch {
      return { valid: false, reason: 'malformed' };
    }
    const serial = Number(String(claims.jti).replace('sim-', ''));
    const exp = typeof claims.exp === 'number' ? claims.exp : 0;
    if (serial < this.firstValidSerial || exp * 1000 <= this.clock.now())
      return { valid: false, reason: 'expired' };
    return { valid: true, claims };
  }

  expireAll(): void {
    this.firstValidSerial = this.issued;
  }

  private sign(input: string): string {
    return createHmac('sha256', this.key).update(input).digest('base64url');
  }
}

function encode(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

import type { GraphQLError } from 'graphql';
import { unauthenticated } from '../../graphql/errors.ts';
import type { Principal } from '../../principal.ts';

/** The message of an operation or live connection whose credential ran out. */
export const CREDENTIAL_EXPIRED = 'The bearer token has expired; connect again with a new one.';

/** setTimeout's longest delay (about 24.8 days); a later expiry waits in steps. */
const LONGEST_TIMER_MS = 2 ** 31 - 1;

/**
 * UNAUTHENTICATED once the principal's credential expired (a JWT past `exp` and the clock
 * tolerance), as a new request with it would be: a live connection outlives the instant its
 * credential was checked, so every operation on it is checked again.
 */
export function expiryRefusal(principal: Principal, now = Date.now()): GraphQLError | undefined {
  if (principal.expiresAt === undefined || now < principal.expiresAt) return undefined;
  return unauthenticated(CREDENTIAL_EXPIRED);
}

/**
 * Calls `onExpired` once the principal's credential expires; nothing for one that never does
 * (API keys, open mode). Answers the function that cancels it, for a connection that ends first.
 */
export function whenCredentialExpires(principal: Principal, onExpired: () => void): () => void {
  const { expiresAt } = principal;
  if (expiresAt === undefined) return () => undefined;
  let timer: NodeJS.Timeout | undefined;
  const arm = () => {
    const left = expiresAt - Date.now();
    if (left <= 0) return onExpired();
    timer = setTimeout(arm, Math.min(left, LONGEST_TIMER_MS));
    timer.unref();
  };
  arm();
  return () => clearTimeout(timer);
}

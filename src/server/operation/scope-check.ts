import type { OperationTypeNode } from 'graphql';
import type { GraphQLError } from 'graphql';
import { forbidden } from '../../graphql/errors.ts';
import { requiredScope, type Principal } from '../../principal.ts';
import { expiryRefusal } from './credential-expiry.ts';

/**
 * UNAUTHENTICATED when the principal's credential expired since it was checked (a live
 * connection's JWT), FORBIDDEN when it lacks the scope of the operation: checked once the
 * operation is known and before anything runs (any resolver, any vendor call), on every transport.
 */
export function scopeRefusal(principal: Principal, kind: OperationTypeNode): GraphQLError | undefined {
  const expired = expiryRefusal(principal);
  if (expired) return expired;
  const scope = requiredScope(kind);
  if (principal.scopes.has(scope)) return undefined;
  return forbidden(`This credential (${principal.name}) lacks the ${scope} scope this operation needs.`);
}

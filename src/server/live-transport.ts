import { GraphQLError, type GraphQLSchema, type OperationTypeNode } from 'graphql';
import { createGatewayContext, type GatewayContext } from '../graphql/context.ts';
import type { DeliveryBudget } from '../live/event-queue.ts';
import type { LiveImports } from '../live/live-imports.ts';
import type { Logger } from '../log.ts';
import type { ProviderSet } from '../imports/provider-info.ts';
import type { Principal } from './auth/authenticate.ts';
import { forbidden, requiredScope } from './auth/scope-plugin.ts';
import type { ConnectionAuthorizer } from './connection-auth.ts';
import type { OperationGuard } from './graphql-operation.ts';
import type { SubscriptionLimits } from './subscription-limits.ts';

/** What the WebSocket and SSE transports share. */
export interface LiveTransportOptions {
  schema: GraphQLSchema;
  providers: ProviderSet;
  live: LiveImports;
  limits: SubscriptionLimits;
  authorize: ConnectionAuthorizer;
  /** The same document limits and persisted-operations allowlist as HTTP. */
  guard: OperationGuard;
  /** Events one connection may have waiting before it is dropped as too slow. Default 256. */
  maxQueuedEvents?: number;
  /**
   * Deadline of one execution: a query or mutation, or the resolution of one subscription event
   * (never the subscription as a whole, see live-execution.ts).
   */
  requestDeadlineMs: number;
  log: Logger;
}

export const DEFAULT_MAX_QUEUED_EVENTS = 256;

/**
 * The root context of one operation on a live connection: the HTTP one (the connection's
 * principal included, which keys per-caller state such as the page cache) plus the live layer, on
 * the connection's own signal (no deadline: live-execution.ts gives each execution its own).
 */
export function liveOperationContext(
  options: LiveTransportOptions,
  delivery: DeliveryBudget,
  connectionClosed: AbortSignal,
  principal: Principal,
): GatewayContext {
  return {
    ...createGatewayContext(options.providers, connectionClosed, principal, options.live),
    delivery,
  };
}

/**
 * FORBIDDEN when the connection's principal lacks the scope of the operation (docs/SECURITY.md, Authentication),
 * checked before anything runs. Without the HTTP status extension, which means nothing in a stream.
 */
export function scopeRefusal(
  principal: Principal | undefined,
  kind: OperationTypeNode,
): GraphQLError | undefined {
  const scope = requiredScope(kind);
  if (principal?.scopes.has(scope)) return undefined;
  const refused = forbidden(
    principal ?? { id: 'unauthenticated', name: 'unauthenticated', scopes: new Set() },
    scope,
  );
  return new GraphQLError(refused.message, { extensions: { code: 'FORBIDDEN' } });
}

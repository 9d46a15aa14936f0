import type { GraphQLSchema } from 'graphql';
import { createGatewayContext, type GatewayContext } from '../graphql/context.ts';
import type { DeliveryBudget } from '../live/event-queue.ts';
import type { LiveImports } from '../live/live-imports.ts';
import type { Logger } from '../log.ts';
import type { ProviderSet } from '../providers/provider-info.ts';
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
  /** Deadline of a query or mutation sent over the live transports. */
  requestDeadlineMs: number;
  log: Logger;
}

export const DEFAULT_MAX_QUEUED_EVENTS = 256;

/** The context of one operation on a live connection: the HTTP one, plus the live layer. */
export function liveOperationContext(
  options: LiveTransportOptions,
  delivery: DeliveryBudget,
  connectionClosed: AbortSignal,
): GatewayContext {
  const signal = AbortSignal.any([connectionClosed, AbortSignal.timeout(options.requestDeadlineMs)]);
  return { ...createGatewayContext(options.providers, signal), live: options.live, delivery };
}

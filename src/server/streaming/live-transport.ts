import type { GraphQLSchema } from 'graphql';
import type { RequestScope } from '../../graphql/context.ts';
import type { CreationsInFlight } from '../../graphql/creations-in-flight.ts';
import type { PageCache } from '../../imports/page-cache.ts';
import type { DeliveryBudget } from '../../live/event-queue.ts';
import type { LiveImports } from '../../live/live-imports.ts';
import type { Logger } from '../../log.ts';
import type { Principal } from '../../principal.ts';
import type { ProviderSet } from '../../imports/provider-info.ts';
import type { ConnectionAuthorizer } from '../auth/connection-auth.ts';
import type { OperationOutcomes } from '../operation/outcome.ts';
import type { OperationGuard } from '../operation/prepare.ts';
import type { LiveConnections } from './live-connections.ts';
import type { SubscriptionLimits } from './subscription-limits.ts';

/** What the WebSocket and SSE transports share. */
export interface LiveTransportOptions {
  schema: GraphQLSchema;
  providers: ProviderSet;
  live: LiveImports;
  /** PAGE_CACHE_TTL_MS > 0: the same page cache as HTTP (its entries are per principal). */
  pageCache?: PageCache;
  /** The creations a shutdown waits for, as over HTTP. */
  creations?: CreationsInFlight;
  limits: SubscriptionLimits;
  /** MAX_CONNECTIONS: WebSockets and SSE streams of this instance, counted together. */
  connections: LiveConnections;
  authorize: ConnectionAuthorizer;
  /** The same document limits and persisted-operations allowlist as HTTP. */
  guard: OperationGuard;
  /** Counts operations and logs their unexpected errors, as for HTTP. */
  outcomes: OperationOutcomes;
  /** Events one connection may have waiting before it is dropped as too slow. Default 256. */
  maxQueuedEvents?: number;
  /**
   * Deadline of one execution: a query or mutation, or the resolution of one subscription event
   * (never the subscription as a whole, see operation/execute.ts).
   */
  requestDeadlineMs: number;
  log: Logger;
}

export const DEFAULT_MAX_QUEUED_EVENTS = 256;

/** The scope of one live connection, built once when its caller is known. */
export function connectionScope(
  options: LiveTransportOptions,
  connection: { principal: Principal; delivery: DeliveryBudget; lastEventId?: string },
): RequestScope {
  return {
    providers: options.providers,
    principal: connection.principal,
    live: options.live,
    delivery: connection.delivery,
    pageCache: options.pageCache,
    creations: options.creations,
    lastEventId: connection.lastEventId,
  };
}

import type DataLoader from 'dataloader';
import type { GraphQLError } from 'graphql';
import type { PageCache } from '../imports/page-cache.ts';
import type { DeliveryBudget } from '../live/event-queue.ts';
import type { LiveImports } from '../live/live-imports.ts';
import type { Principal } from '../principal.ts';
import type { Import } from '../imports/model.ts';
import type { ProviderSet } from '../imports/provider-info.ts';
import type { CreationsInFlight } from './creations-in-flight.ts';
import { createImportLoader } from './import-loader.ts';

/**
 * What one HTTP request or one live connection (WebSocket, SSE stream) holds for every operation
 * it runs: built once, when the caller is known, and shared by those operations.
 */
export interface RequestScope {
  readonly providers: ProviderSet;
  /** Who is calling, with the scopes the operation is checked against; always set (server/auth). */
  readonly principal: Principal;
  /** Live imports: subscriptions use them (over WebSocket and SSE), mutations tell them what they did. */
  readonly live?: LiveImports;
  /** The backlog the client's connection allows its subscriptions (live connections only). */
  readonly delivery?: DeliveryBudget;
  /** What the previous page of a walk fetched past its end (PAGE_CACHE_TTL_MS; absent: off). */
  readonly pageCache?: PageCache;
  /** The creations a shutdown waits for (absent: nobody waits, e.g. in unit tests). */
  readonly creations?: CreationsInFlight;
  /**
   * The `Last-Event-ID` an SSE stream was opened with (a browser's EventSource resuming):
   * `importsChanged` resumes after it when its own `after` is absent.
   */
  readonly lastEventId?: string;
}

/**
 * The context of one execution (a query, a mutation, one subscription event, or the set-up of a
 * subscription's stream): the scope's parts plus what lives only as long as the execution.
 */
export interface GatewayContext extends RequestScope {
  /** Batches import lookups per provider within one execution; made on first use. */
  readonly importLoader: DataLoader<string, Import | null>;
  /** Errors that accompany data (one provider failed while others answered); appended to the response. */
  readonly partialErrors: GraphQLError[];
  /** Aborted when the execution's deadline passes or the client goes away. */
  readonly signal: AbortSignal;
  /**
   * For a creation's vendor calls: aborted when the deadline passes, never because the client
   * went away (operation/deadline.ts, `creationSignal`).
   */
  readonly creationSignal: AbortSignal;
}

/**
 * Loaders never outlive an execution, so nothing is memoized forever; and most executions of a
 * live connection (a subscription's set-up, an event that selects no lookup) never load an
 * import by id, so the loader is made only when a resolver first asks for it.
 */
class ExecutionContext implements GatewayContext {
  readonly partialErrors: GraphQLError[] = [];
  private loader: DataLoader<string, Import | null> | undefined;

  constructor(
    private readonly scope: RequestScope,
    readonly signal: AbortSignal,
    private readonly creation: () => AbortSignal,
  ) {}

  get creationSignal(): AbortSignal {
    return this.creation();
  }

  get creations(): CreationsInFlight | undefined {
    return this.scope.creations;
  }

  get providers(): ProviderSet {
    return this.scope.providers;
  }

  get principal(): Principal {
    return this.scope.principal;
  }

  get live(): LiveImports | undefined {
    return this.scope.live;
  }

  get delivery(): DeliveryBudget | undefined {
    return this.scope.delivery;
  }

  get pageCache(): PageCache | undefined {
    return this.scope.pageCache;
  }

  get lastEventId(): string | undefined {
    return this.scope.lastEventId;
  }

  get importLoader(): DataLoader<string, Import | null> {
    this.loader ??= createImportLoader(this.scope.providers, this.signal);
    return this.loader;
  }
}

/**
 * The context of one execution on `scope`, aborted with `signal` (operation/deadline.ts); a
 * creation runs on `creationSignal`, by default the same.
 */
export function createExecutionContext(
  scope: RequestScope,
  signal: AbortSignal,
  creationSignal: () => AbortSignal = () => signal,
): GatewayContext {
  return new ExecutionContext(scope, signal, creationSignal);
}

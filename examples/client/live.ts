import { CombinedGraphQLErrors, type ApolloClient, type InMemoryCache } from '@apollo/client';
import type { Subscription } from 'rxjs';
import {
  ImportsChangedDocument,
  ImportsPageDocument,
  ImportUpdatedDocument,
  type ImportsPageQuery,
  type ImportsPageQueryVariables,
  type ImportFilter,
  type ImportsChangedSubscription,
  type ImportUpdatedSubscription,
} from './generated/graphql.ts';
import { evictImport } from './cache.ts';
import { SocketClosedError } from './subscription-link.ts';

export type ImportChange = ImportsChangedSubscription['importsChanged'];

export interface LiveOptions {
  /**
   * An error that ended the subscription for good: a refused operation, a bad filter, or a socket
   * the gateway closed with a refusal (a `SocketClosedError` whose `final` is true, e.g. 4403 when
   * the credential was refused or expired). Connecting again with the same credential would be
   * refused again: get a new one (the client's `headers` function is read on each connect), then
   * follow again, `after` the `lastEventId` of the follower that ended.
   */
  onError?: (error: Error) => void;
  /**
   * Waits before subscribing again once the socket closed (`attempt` counts from 1 and restarts
   * after an event arrives). Default: 1, 2, 4 … 30 s, each with jitter.
   */
  waitBeforeRetry?: (attempt: number) => Promise<void>;
}

export interface FollowedChanges {
  /** The `eventId` of the last event received: where a new subscription resumes. */
  readonly lastEventId: string | undefined;
  /** How many times it subscribed (1 + the reconnections). */
  readonly subscriptions: number;
  stop(): void;
}

/**
 * Keeps the cached lists fresh with `importsChanged`: every event updates the import it carries
 * (Apollo writes it to the cache), a DELETED one evicts it. When the socket is lost (not refused:
 * SocketClosedError.final), it subscribes again with `after:` the last `eventId`, so the changes missed meanwhile come first and none
 * twice, and refetches the active lists (imports created meanwhile, totals, sources). An `after`
 * the gateway no longer keeps (EVENTS_EXPIRED) starts again from a refetched list.
 */
export function followImportsChanged(
  apollo: ApolloClient,
  options: LiveOptions & {
    filter?: ImportFilter;
    onChange?: (change: ImportChange) => void;
    /** Resume after this event (a previous follower's `lastEventId`) rather than from now. */
    after?: string;
  } = {},
): FollowedChanges {
  let lastEventId = options.after;
  let subscriptions = 0;
  const keeper = keepSubscribed<ImportsChangedSubscription>({
    ...options,
    start: () => {
      subscriptions++;
      return apollo.subscribe({
        query: ImportsChangedDocument,
        variables: { after: lastEventId, filter: options.filter },
        errorPolicy: 'all',
      });
    },
    onData: (data) => {
      const change = data.importsChanged;
      lastEventId = change.eventId;
      if (change.kind === 'DELETED') evictImport(apollo.cache as InMemoryCache, change.import.id);
      options.onChange?.(change);
    },
    onResubscribe: () => refetchLists(apollo),
    onRefused: (error) => {
      if (reasonOf(error) !== 'EVENTS_EXPIRED') return false;
      lastEventId = undefined;
      return true;
    },
  });
  return {
    get lastEventId() {
      return lastEventId;
    },
    get subscriptions() {
      return subscriptions;
    },
    stop: () => keeper.stop(),
  };
}

/**
 * One import as it changes (`importUpdated`: its state now, then each change), subscribed again
 * after a lost socket (the first answer is the state now, so nothing is missed); ends once the
 * import is terminal.
 */
export function watchImport(
  apollo: ApolloClient,
  id: string,
  options: LiveOptions & { onUpdate?: (update: ImportUpdatedSubscription['importUpdated']) => void } = {},
): { stop(): void } {
  return keepSubscribed<ImportUpdatedSubscription>({
    ...options,
    start: () => apollo.subscribe({ query: ImportUpdatedDocument, variables: { id }, errorPolicy: 'all' }),
    onData: (data) => options.onUpdate?.(data.importUpdated),
  });
}

/** The most a list asks for at once when refetched (the gateway's largest page). */
export const MOST_REFETCHED = 100;

/**
 * The lists on screen, asked again from their first page, each with as many rows as it shows (up
 * to 100), so the pages scrolled through stay on screen rather than shrinking to the first one.
 * A list refetched with a larger `first` keeps it for its next pages, unless `loadMore` is given
 * a page size (list.ts).
 */
export async function refetchLists(apollo: ApolloClient): Promise<void> {
  const lists = [...apollo.getObservableQueries([ImportsPageDocument])].filter((list) => list.hasObservers());
  await Promise.all(
    lists.map((list) => {
      const variables = list.variables as ImportsPageQueryVariables;
      const data = list.getCurrentResult().data as ImportsPageQuery | undefined;
      const shown = data?.imports?.edges.length ?? 0;
      const asked = variables.first ?? 0;
      const first = Math.min(MOST_REFETCHED, Math.max(asked, shown));
      return first > asked ? list.refetch({ ...variables, first }) : list.refetch();
    }),
  );
}

interface Keeping<T> extends LiveOptions {
  start: () => { subscribe: ApolloSubscribe<T> };
  onData: (data: T) => void;
  /** Before each new subscription after the first. */
  onResubscribe?: () => Promise<void>;
  /** A GraphQL error that ended the subscription: true to subscribe again at once. */
  onRefused?: (error: CombinedGraphQLErrors) => boolean;
}

type ApolloSubscribe<T> = (observer: {
  next: (result: { data?: T | undefined; error?: Error | undefined }) => void;
  complete: () => void;
}) => Subscription;

function keepSubscribed<T>(keeping: Keeping<T>): { stop(): void } {
  const wait = keeping.waitBeforeRetry ?? backoff;
  let stopped = false;
  let attempt = 0;
  let current: Subscription | undefined;
  const subscribe = () => {
    let lastError: Error | undefined;
    current = keeping.start().subscribe({
      next: ({ data, error }) => {
        if (data) {
          attempt = 0;
          keeping.onData(data);
        }
        if (error) lastError = error;
      },
      // Apollo ends the stream after a link error, and the gateway after refusing an operation.
      complete: () => {
        if (stopped || !lastError) return;
        if (lastError instanceof SocketClosedError && !lastError.final) {
          attempt++;
          void wait(attempt).then(again);
        } else if (CombinedGraphQLErrors.is(lastError) && keeping.onRefused?.(lastError)) {
          void again();
        } else {
          keeping.onError?.(lastError);
        }
      },
    });
  };
  const again = async () => {
    if (stopped) return;
    subscribe();
    await keeping.onResubscribe?.().catch((error: Error) => keeping.onError?.(error));
  };
  subscribe();
  return {
    stop() {
      stopped = true;
      current?.unsubscribe();
    },
  };
}

const backoff = (attempt: number) =>
  new Promise<void>((resolve) =>
    setTimeout(resolve, Math.min(30_000, 1_000 * 2 ** (attempt - 1)) * (0.5 + Math.random() / 2)),
  );

function reasonOf(error: CombinedGraphQLErrors): unknown {
  return error.errors.find((entry) => entry.extensions?.reason !== undefined)?.extensions?.reason;
}

import { getOperationAST, Kind, type DocumentNode } from 'graphql';

/**
 * How a subscription may share the stream that another subscription of the same document,
 * variables and principal already set up, instead of setting up its own (the live transports'
 * broadcast groups, server/streaming/broadcast-groups.ts):
 *
 * - `from-latest`: the stream starts with a snapshot and goes on with later states, so a late
 *   subscriber starts with the latest event sent, then gets the same ones as the others;
 * - `from-now`: the stream is every change from the moment of subscribing, so a late subscriber
 *   gets the events sent after it joined;
 * - `alone`: the stream depends on when it was set up (a resume from a past event), or the field
 *   is not known here: it gets a stream of its own.
 */
export type SubscriptionJoining = 'from-latest' | 'from-now' | 'alone';

/** What each root field of Subscription allows; a field missing here is never shared. */
function joiningOfField(field: string, argumentNames: readonly string[]): SubscriptionJoining {
  switch (field) {
    case 'importUpdated':
      // The import's current state first (live-imports.ts), then each later state.
      return 'from-latest';
    case 'importsChanged':
      // `after` replays the log after that event: two subscribers set up at different times
      // would each need their own replay.
      return argumentNames.includes('after') ? 'alone' : 'from-now';
    default:
      return 'alone';
  }
}

/**
 * The joining of a validated subscription document. A root field reached through a fragment, or
 * with a directive, is `alone`: sharing is an optimisation, never worth a second reading of the
 * document.
 */
export function subscriptionJoining(
  document: DocumentNode,
  operationName?: string | null,
): SubscriptionJoining {
  const selections = getOperationAST(document, operationName)?.selectionSet.selections;
  const root = selections?.length === 1 ? selections[0] : undefined;
  if (root?.kind !== Kind.FIELD || (root.directives?.length ?? 0) > 0) return 'alone';
  return joiningOfField(
    root.name.value,
    (root.arguments ?? []).map((argument) => argument.name.value),
  );
}

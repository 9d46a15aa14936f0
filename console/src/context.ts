import type { ApolloClient } from '@apollo/client';
import type { Client } from 'graphql-ws';
import type { ImportChange } from '../../examples/client/live.ts';
import type { ConsoleRoute } from './route.ts';
import type { ConsoleSettings } from './settings.ts';

/** What every view gets: the client, the page's settings, and the way to move elsewhere. */
export interface ConsoleContext {
  apollo: ApolloClient;
  /** The graphql-ws client under the subscriptions (for the connection's state). */
  socket: Client;
  settings: ConsoleSettings;
  /**
   * Goes to another place in the console, adding it to the history (or replacing the current
   * entry); `inPlace` only writes the URL of what the view already shows (e.g. a detail's filter).
   */
  navigate(route: ConsoleRoute, options?: { replace?: boolean; inPlace?: boolean }): void;
  /** Says something to screen readers (a polite live region), e.g. "3 imports loaded". */
  announce(message: string): void;
  /**
   * Calls `listener` with each `importsChanged` event after Apollo's cache has it (the page follows
   * one subscription); the returned function stops it, e.g. in a view's `dispose()`.
   */
  onImportChange(listener: (change: ImportChange) => void): () => void;
}

/** A view on screen: its element, and what to stop (queries, subscriptions) when it leaves. */
export interface ConsoleView {
  element: HTMLElement;
  dispose(): void;
}

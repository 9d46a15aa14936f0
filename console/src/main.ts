import { createImportsClient, type ImportsClient } from '../../examples/client/client.ts';
import { followImportsChanged, type FollowedChanges, type ImportChange } from '../../examples/client/live.ts';
import { SocketClosedError } from '../../examples/client/subscription-link.ts';
import { ProvidersDocument } from '../../examples/client/generated/graphql.ts';
import type { ConsoleContext, ConsoleView } from './context.ts';
import { setCredential, credentialHeaders } from './credentials.ts';
import { h, replaceChildren } from './dom.ts';
import { importFilterOf, routeFromSearch, searchOf, type ConsoleRoute } from './route.ts';
import { vendorName } from './words.ts';
import { readSettings } from './settings.ts';
import { showSignIn } from './sign-in.ts';
import { showList } from './list/list-view.ts';
import { keepListsCurrent } from './list/live-lists.ts';
import { showDetail } from './detail/detail-view.ts';
import { showCreate } from './create/create-view.ts';
import { showConnection } from './connection.ts';

const settings = readSettings();
const main = document.getElementById('main')!;
const announcer = h('p', { class: 'visually-hidden', role: 'status', 'aria-live': 'polite' });
document.body.append(announcer);

let client: ImportsClient | undefined;
let live: FollowedChanges | undefined;
let view: ConsoleView | undefined;
let current: ConsoleContext | undefined;
let stopConnection: (() => void) | undefined;
/** The query string of the view on screen. */
let shownSearch: string | undefined;
const changeListeners = new Set<(change: ImportChange) => void>();
/** The live region's words now, and when they were last added to. */
/** When the live region's current words began: later words within a second are added to them. */
let saidSince = 0;

addEventListener('popstate', () => {
  // The skip link's #main fires popstate too: the same place, nothing to render again.
  if (current && location.search !== shownSearch)
    render(current, routeFromSearch(location.search), { moved: true });
});
document.addEventListener('click', (event) => {
  if (current) followInternalLink(event, current);
});

function start(): void {
  client = createImportsClient({
    url: location.origin,
    headers: credentialHeaders,
    persistedDocuments: settings.persistedDocuments,
  });
  const context: ConsoleContext = {
    apollo: client.apollo,
    socket: client.socket,
    settings,
    navigate(route, options) {
      const url = `/console${searchOf(route)}`;
      if (options?.replace || options?.inPlace) history.replaceState(null, '', url);
      else history.pushState(null, '', url);
      if (options?.inPlace) shownSearch = location.search;
      else render(context, route, { moved: true });
    },
    onImportChange(listener) {
      changeListeners.add(listener);
      return () => changeListeners.delete(listener);
    },
    announce(message) {
      // Words said within a second of the first ones are added beside them, each announced alone
      // (a node added to a polite region): after a deletion, "Deleted …" and the list's first words
      // ("4 imports") are both heard, once each. Later, the region starts again, emptied first so
      // the same words said twice are announced twice.
      const now = performance.now();
      const adding = now - saidSince < 1_000;
      if (!adding) {
        saidSince = now;
        announcer.textContent = '';
      }
      requestAnimationFrame(() => announcer.append(h('span', null, adding ? ` ${message}` : message)));
    },
  };
  stopConnection = showConnection(client.socket, document.getElementById('connection')!);
  // One follower for the whole console: every event lands in Apollo's cache, which every list and
  // detail on screen reads, so rows move, appear and leave wherever they are shown.
  live = followImportsChanged(client.apollo, {
    onChange: (change) => {
      // Every cached list, on screen or not, so going back to one shows its new imports.
      keepListsCurrent(context.apollo, change);
      for (const listener of changeListeners) listener(change);
    },
    onError: (error) => {
      // A refused credential (4401/4403, e.g. an expired token): ask for another one.
      if (error instanceof SocketClosedError && error.final && !settings.open)
        signOut('The gateway refused the credential; enter it again.');
      else context.announce(`Live updates stopped: ${error.message}`);
    },
  });
  current = context;
  render(context, routeFromSearch(location.search), { moved: false });
  if (!settings.open) void checkCredential(context);
}

/** The first request tells whether the credential typed in is one the gateway takes. */
async function checkCredential(context: ConsoleContext): Promise<void> {
  // Rejected when the client stops first: the socket's refusal signed out already.
  const answer = await context.apollo
    .query({ query: ProvidersDocument, fetchPolicy: 'network-only' })
    .catch(() => undefined);
  if (current !== context) return;
  if (answer?.error && /UNAUTHENTICATED|FORBIDDEN/.test(JSON.stringify(answer.error)))
    signOut('The gateway did not accept that credential.');
}

/**
 * Shows the view for `route`. After a move within the page (a link, Back, a form that lands
 * elsewhere) the focus goes to the new view's heading, so keyboard and screen-reader users start
 * there and hear where they are; on the first load the browser's own start (the skip link) stays.
 */
function render(context: ConsoleContext, route: ConsoleRoute, options: { moved: boolean }): void {
  view?.dispose();
  view =
    route.view === 'detail'
      ? showDetail(context, route)
      : route.view === 'create'
        ? showCreate(context, route)
        : showList(context, route);
  replaceChildren(main, view.element);
  shownSearch = location.search;
  document.title = `${titleOf(route)} · Import gateway`;
  // The previous view's last words (e.g. "about 180 imports") no longer describe the page.
  announcer.textContent = '';
  saidSince = 0;
  markCurrentNav(route.view);
  if (options.moved) focusHeading();
}

function titleOf(route: ConsoleRoute): string {
  if (route.view === 'detail') return `Import ${route.id}`;
  if (route.view === 'create') return `New ${vendorName(route.provider)} import`;
  return importFilterOf(route.filters) ? 'Imports matching the filters' : 'Imports';
}

function focusHeading(): void {
  const heading = main.querySelector('h1');
  if (!heading) return main.focus();
  heading.tabIndex = -1;
  heading.focus();
}

function markCurrentNav(current: string | undefined): void {
  for (const link of document.querySelectorAll<HTMLAnchorElement>('[data-nav]'))
    link.toggleAttribute('aria-current', link.dataset.nav === current);
}

/** Links inside the console move within the page (no reload: the credential lives in memory). */
function followInternalLink(event: MouseEvent, context: ConsoleContext): void {
  const link = (event.target as Element | null)?.closest?.('a');
  if (
    !link ||
    event.defaultPrevented ||
    event.button !== 0 ||
    event.metaKey ||
    event.ctrlKey ||
    event.shiftKey
  )
    return;
  // A link within the page (the skip link's #main) is the browser's to follow: it moves the focus.
  if (link.getAttribute('href')?.startsWith('#')) return;
  const url = new URL(link.href, location.href);
  if (url.origin !== location.origin || url.pathname.replace(/\/$/, '') !== '/console') return;
  event.preventDefault();
  context.navigate(routeFromSearch(url.search));
}

function signOut(reason: string): void {
  current = undefined;
  live?.stop();
  stopConnection?.();
  view?.dispose();
  view = undefined;
  // No view is shown: no nav entry is the current one.
  markCurrentNav(undefined);
  // A socket the gateway refused (4401/4403) rejects its dispose with that close event: nothing is left to close.
  void client?.dispose().catch(() => undefined);
  client = undefined;
  setCredential(undefined);
  askForCredential(reason);
}

function askForCredential(reason?: string): void {
  document.title = 'Sign in · Import gateway';
  replaceChildren(main, showSignIn({ reason, onSignedIn: start }));
}

if (settings.open) start();
else askForCredential();

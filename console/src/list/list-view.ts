import type { ImportsPageQuery } from '../../../examples/client/generated/graphql.ts';
import { countLabel, loadMore, watchImports } from '../../../examples/client/list.ts';
import { MOST_REFETCHED } from '../../../examples/client/live.ts';
import type { ConsoleContext, ConsoleView } from '../context.ts';
import { h, replaceChildren } from '../dom.ts';
import { importFilterOf, type ConsoleRoute, type ListFilters } from '../route.ts';
import { filterForm, filterProblem } from './list-filters.ts';
import { describeError, sourceNotice } from './list-notices.ts';
import { pager } from './list-pager.ts';
import { importsTable } from './list-table.ts';
import { changeAnnouncer } from './list-announcer.ts';
import { vendorName } from '../words.ts';

const PAGE_SIZE = 25;

type Connection = ImportsPageQuery['imports'];

/**
 * The imports of every enabled vendor in one table, a page at a time as the person scrolls, kept
 * current by the page's one `importsChanged` subscription (main.ts writes each event into Apollo's
 * cache; this view's query watches the cache, so rows change, appear and leave without a reload).
 */
export function showList(
  context: ConsoleContext,
  route: Extract<ConsoleRoute, { view: 'list' }>,
): ConsoleView {
  const { filters } = route;
  const filter = importFilterOf(filters);
  const filtered = filter !== undefined;
  const apply = (next: ListFilters, focus: string) => {
    context.navigate({ view: 'list', filters: next });
    // The view was rebuilt: the focus goes back to the button that applied the filters.
    document.getElementById(focus)?.focus();
  };
  const form = filterForm(filters, apply);
  const failure = h('div', { class: 'list-problem', role: 'alert', hidden: true });
  // Not an alert: the rows shown are still there, only not current (or reloaded) for a moment.
  const stale = h('p', { class: 'list-stale', role: 'status', hidden: true });
  const notices = h('ul', { class: 'list-sources', 'aria-label': 'Vendors not fully listed', hidden: true });
  const empty = h('p', { class: 'list-empty', hidden: true });
  const table = importsTable(filters);
  const element = h(
    'section',
    { class: 'list-view', 'aria-labelledby': 'list-title' },
    h('h1', { id: 'list-title' }, filtered ? 'Imports matching the filters' : 'All imports'),
    form.element,
    failure,
    stale,
    notices,
    table.element,
    empty,
  );

  const problem = filterProblem(filters);
  if (problem) {
    // The form says what to change; asking the gateway would only get an empty list or a refusal.
    table.setCaption('No imports: the filters cannot match any.');
    table.setBusy(false);
    return { element, dispose: () => table.dispose() };
  }

  table.setCaption('Loading imports…');
  const list = watchImports(context.apollo, { first: PAGE_SIZE, filter });
  const retry = () => void list.refetch().catch(() => undefined);
  const announcer = changeAnnouncer(context, filter, (id) => table.has(id));
  let shown = 0;
  let failedVendors = '';
  let announcedCount = false;
  // After a lost connection the kit refetches the list from its start with as many rows as it
  // showed, up to 100 (refetchLists in examples/client/live.ts): past that, the pages scrolled
  // through leave, and the person is told so rather than left wondering.
  let reconnected = false;
  let lost = false;
  const stopSocket = [
    context.socket.on('closed', () => {
      lost = true;
      reconnected = false;
    }),
    // Only a connection that follows a lost one, and only when the list showed more than a refetch
    // brings back; the page's first connection, or rows leaving because they were deleted, say nothing.
    context.socket.on('connected', () => {
      reconnected = lost && shown > MOST_REFETCHED;
      lost = false;
    }),
  ];
  let staleKind: 'offline' | 'reloaded' | undefined;
  const sayStale = (kind: typeof staleKind, text = '') => {
    staleKind = kind;
    stale.hidden = !kind;
    stale.textContent = text;
  };
  const types = new Set<string>();

  const page = pager(async () => {
    const before = shown;
    try {
      await loadMore(list, PAGE_SIZE);
      if (shown > before) context.announce(`${shown - before} more imports loaded.`);
    } catch (error) {
      say(`More imports could not be loaded: ${describeError(error as Error)}`);
    }
  });
  element.append(page.element);

  const say = (message: string, onRetry?: () => void) => {
    failure.hidden = !message;
    replaceChildren(
      failure,
      message ? h('p', null, message) : null,
      message && onRetry
        ? h('button', { type: 'button', class: 'list-retry', on: { click: onRetry } }, 'Retry')
        : null,
    );
  };

  const showConnection = (connection: Connection) => {
    const rows = connection.edges.map((edge) => edge.node);
    if (reconnected && rows.length < shown) {
      reconnected = false;
      sayStale(
        'reloaded',
        `The list was reloaded after reconnecting: its first ${rows.length} imports are shown.`,
      );
    } else if (staleKind === 'offline' || (staleKind === 'reloaded' && rows.length > shown))
      sayStale(undefined);
    shown = rows.length;
    table.show(rows);
    const count = countLabel(connection.totalCount, connection.totalCountPrecision);
    table.setCaption(
      `${filtered ? 'Matching the filters' : 'All vendors'}: ${count}${shown < connection.totalCount ? `, ${shown} shown` : ''}`,
    );
    if (!announcedCount) {
      announcedCount = true;
      const verb = connection.totalCount === 1 ? 'matches' : 'match';
      context.announce(`${count}${filtered ? ` ${verb} the filters` : ''}.`);
    }
    const items = connection.sources
      .map((source) => sourceNotice(source, retry))
      .filter((item) => item !== null);
    replaceChildren(notices, items);
    notices.hidden = items.length === 0;
    const failed = connection.sources
      .filter((source) => source.state === 'FAILED')
      .map((source) => vendorName(source.provider))
      .join(', ');
    if (failed !== failedVendors) {
      failedVendors = failed;
      if (failed) context.announce(`Unavailable: ${failed}. The other vendors' imports are listed.`);
    }
    empty.hidden = shown > 0 || connection.pageInfo.hasNextPage;
    empty.textContent = filtered ? 'No import matches these filters.' : 'No imports yet.';
    page.update({ hasNextPage: connection.pageInfo.hasNextPage, shown });
    for (const row of rows) if (row.resourceType) types.add(row.resourceType);
    form.suggestTypes(types);
  };

  const subscription = list.subscribe((result) => {
    table.setBusy(result.loading);
    const connection = result.dataState === 'complete' ? result.data.imports : undefined;
    if (connection) showConnection(connection);
    if (!result.error) return say('');
    if (!connection && shown > 0) {
      // The rows already shown stay: what was loaded is still worth reading while the gateway is away.
      say('');
      sayStale(
        'offline',
        `Not current: the gateway could not be reached (${result.error.message}). Reconnecting…`,
      );
      return;
    }
    const failedProviders = new Set(
      connection?.sources.filter((source) => source.state === 'FAILED').map((source) => source.provider),
    );
    const message = describeError(result.error, (provider) => failedProviders.has(provider as never));
    if (connection) say(message);
    else {
      table.setCaption('No imports: the list could not be loaded.');
      say(`The imports could not be loaded. ${message}`, retry);
    }
  });
  const stopChanges = context.onImportChange((change) => announcer.heard(change));

  return {
    element,
    dispose() {
      subscription.unsubscribe();
      stopChanges();
      for (const stop of stopSocket) stop();
      announcer.dispose();
      page.dispose();
      table.dispose();
    },
  };
}

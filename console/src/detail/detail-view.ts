import { filter, firstValueFrom } from 'rxjs';
import {
  ImportDetailDocument,
  ImportRecordsDocument,
  type ImportMessageSeverity,
} from '../../../examples/client/generated/graphql.ts';
import { watchImport } from '../../../examples/client/live.ts';
import type { ConsoleContext, ConsoleView } from '../context.ts';
import { h, replaceChildren } from '../dom.ts';
import { searchOf, type ConsoleRoute } from '../route.ts';
import { importActions } from './import-actions.ts';
import { failureNotice, importFields, type DetailedImport } from './import-fields.ts';
import { severityWord, statusWord, vendorName } from '../words.ts';
import { messagesSection, SEVERITIES } from './messages-section.ts';
import { recordsSection } from './records-section.ts';

type DetailRoute = Extract<ConsoleRoute, { view: 'detail' }>;

/**
 * One import: its fields, why it failed, its messages and records, and what the viewer may do to
 * it. It follows the import live: the page's importsChanged follower and this view's own
 * importUpdated both write into Apollo's cache, which the queries here watch.
 */
export function showDetail(context: ConsoleContext, route: DetailRoute): ConsoleView {
  const { id, filters } = route;
  const backHref = `/console${searchOf({ view: 'list', filters })}`;
  const heading = h('h1', { id: 'detail-heading', tabindex: -1 }, 'Import');
  const state = h('p', { class: 'detail-state', role: 'status' }, 'Loading…');
  const failure = h('div');
  const fields = h('div', { class: 'fields-wrap' });
  const actions = importActions(context, id, filters, heading);

  const detail = context.apollo.watchQuery({
    query: ImportDetailDocument,
    variables: { id, severities: route.severities },
    fetchPolicy: 'cache-and-network',
    errorPolicy: 'all',
  });
  const recordsQuery = context.apollo.watchQuery({
    query: ImportRecordsDocument,
    variables: { id },
    fetchPolicy: 'cache-and-network',
    errorPolicy: 'all',
  });
  let severities: ImportMessageSeverity[] | undefined = route.severities;
  const messages = messagesSection({
    initial: severities,
    onSeverities: (chosen) => {
      // All three is the unfiltered list (`severities` left out), the one cached first.
      severities = chosen.length === SEVERITIES.length ? undefined : chosen;
      void detail.setVariables({ id, severities });
      // In the URL for a reload or Back, without rebuilding the view (the checkbox keeps the focus).
      context.navigate({ ...route, severities }, { inPlace: true });
      context.announce(
        `Showing ${severities ? severities.map(severityWord).join(' and ').toLowerCase() : 'all'} messages.`,
      );
    },
    onLoadMore: () => loadMore(),
  });
  const records = recordsSection(async () => {
    const pageInfo = recordsQuery.getCurrentResult().data?.import?.records?.pageInfo;
    if (!pageInfo?.hasNextPage) return;
    await recordsQuery.fetchMore({ variables: { after: pageInfo.endCursor } });
  });
  const body = h(
    'div',
    { class: 'detail-body' },
    failure,
    fields,
    actions.element,
    messages.element,
    records.element,
  );

  async function loadMore(): Promise<void> {
    const pageInfo = detail.getCurrentResult().data?.import?.messages?.pageInfo;
    if (!pageInfo?.hasNextPage) return;
    await detail.fetchMore({ variables: { id, severities, after: pageInfo.endCursor } });
    await firstValueFrom(detail.pipe(filter((result) => !result.loading)));
  }

  let seen: DetailedImport | undefined;
  let wasTerminal: boolean | undefined;
  const subscription = detail.subscribe((result) => {
    const item = result.dataState === 'complete' ? (result.data.import ?? undefined) : undefined;
    if (item) {
      render(item);
      // Messages and records settle when the import ends: asked again once, then.
      if (wasTerminal === false && item.terminal) {
        void detail.refetch();
        void recordsQuery.refetch();
        context.announce(`The import ended: ${statusWord(item.status)}.`);
      }
      wasTerminal = item.terminal;
      seen = item;
      return;
    }
    if (result.loading || result.dataState === 'partial') return;
    if (result.error && !result.data) {
      replaceChildren(state, `The import could not be loaded: ${result.error.message}`);
      return;
    }
    // No import: gone (deleted elsewhere; the follower evicted it) or never there.
    actions.update(undefined);
    body.hidden = true;
    replaceChildren(
      state,
      seen
        ? `This import was deleted (elsewhere, or by another user). It is no longer at ${vendorName(seen.provider)}.`
        : 'There is no import with this id: it may have been deleted.',
    );
    if (seen) context.announce('This import was deleted.');
  });
  const recordsSubscription = recordsQuery.subscribe((result) => {
    if (result.dataState === 'complete' && result.data.import) records.render(result.data.import.records);
    else if (!result.loading && result.error)
      records.render(undefined, `Records could not be loaded: ${result.error.message}`);
  });
  // importUpdated: the import's state now, then each change, until it is terminal.
  const live = watchImport(context.apollo, id, { onError: () => undefined });

  function render(item: DetailedImport): void {
    body.hidden = false;
    replaceChildren(heading, `${vendorName(item.provider)} import `, h('code', null, item.providerId));
    // main.ts titled the page with the gateway's id; the vendor's words are the ones people know.
    document.title = `${vendorName(item.provider)} import ${item.providerId} · Import gateway`;
    replaceChildren(state, statusWord(item.status));
    state.dataset.status = item.status;
    replaceChildren(failure, failureNotice(item));
    replaceChildren(fields, importFields(item, filters));
    actions.update(item);
    messages.render(item.messages);
  }

  const element = h(
    'section',
    { class: 'detail-view', 'aria-labelledby': 'detail-heading' },
    h('p', { class: 'back' }, h('a', { href: backHref }, '← Back to the list')),
    heading,
    state,
    body,
  );
  return {
    element,
    dispose() {
      subscription.unsubscribe();
      recordsSubscription.unsubscribe();
      live.stop();
    },
  };
}

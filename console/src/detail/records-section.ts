import type { ImportRecordsQuery } from '../../../examples/client/generated/graphql.ts';
import { h, replaceChildren } from '../dom.ts';
import { reason } from './messages-section.ts';

type Records = NonNullable<ImportRecordsQuery['import']>['records'];

/** The records the import created or updated, a page at a time (Commerce Layer lists none). */
export function recordsSection(onLoadMore: () => Promise<void>) {
  const summary = h('p', { class: 'help' });
  const body = h('tbody');
  const table = h(
    'table',
    { class: 'records', hidden: true },
    h('caption', { class: 'visually-hidden' }, 'Records'),
    h(
      'thead',
      null,
      h(
        'tr',
        null,
        h('th', { scope: 'col' }, 'Type'),
        h('th', { scope: 'col' }, "Vendor's id"),
        h('th', { scope: 'col' }, 'Name'),
      ),
    ),
    body,
  );
  const more = h('button', { type: 'button', class: 'secondary', hidden: true }, 'Load more records');
  more.addEventListener('click', () => void loadMore());
  async function loadMore(): Promise<void> {
    more.disabled = true;
    try {
      await onLoadMore();
    } finally {
      more.disabled = false;
    }
  }
  const element = h(
    'section',
    { class: 'detail-section', 'aria-labelledby': 'records-heading' },
    h('h2', { id: 'records-heading' }, 'Records'),
    summary,
    h('div', { class: 'table-scroll' }, table),
    more,
  );
  return {
    element,
    render(records: Records | undefined, problem?: string) {
      if (problem || !records) {
        replaceChildren(summary, problem ?? 'Loading…');
        table.hidden = true;
        more.hidden = true;
        return;
      }
      if (!records.available) {
        replaceChildren(summary, `Records are not listed. ${reason(records.unavailableReason)}`);
        table.hidden = true;
        more.hidden = true;
        return;
      }
      replaceChildren(summary, records.edges.length === 0 ? 'No records.' : `${records.edges.length} shown.`);
      replaceChildren(
        body,
        records.edges.map(({ node }) =>
          h(
            'tr',
            null,
            h('td', null, node.type),
            h('td', null, h('code', null, node.providerId)),
            h('td', null, node.name ?? '—'),
          ),
        ),
      );
      table.hidden = records.edges.length === 0;
      more.hidden = !records.pageInfo.hasNextPage;
    },
  };
}

import type { ImportDetailQuery } from '../../../examples/client/generated/graphql.ts';
import { h, timeElement } from '../dom.ts';
import { searchOf, type ListFilters } from '../route.ts';
import { vendorName } from '../words.ts';

export type DetailedImport = NonNullable<ImportDetailQuery['import']>;

/** Why the import did not do all it was asked: first on the page, where it is seen. */
export function failureNotice(item: DetailedImport): HTMLElement | null {
  if (!item.failure) return null;
  return h(
    'div',
    { class: 'failure', role: 'note', 'aria-labelledby': 'failure-heading' },
    h('h2', { id: 'failure-heading' }, 'Why it did not complete'),
    h(
      'p',
      null,
      h('strong', null, item.failure.code.replaceAll('_', ' ').toLowerCase()),
      item.failure.message ? `: ${item.failure.message}` : '',
    ),
  );
}

/** The import's fields as a description list. */
export function importFields(item: DetailedImport, filters: ListFilters): HTMLElement {
  const { total, processed, errors } = item.counts;
  const counts =
    total === null && processed === null
      ? 'counts not known'
      : `${processed ?? '?'} of ${total ?? '?'} processed${errors ? `, ${errors} ${errors === 1 ? 'error' : 'errors'}` : ''}`;
  const row = (term: string, ...value: (Node | string)[]) => [h('dt', null, term), h('dd', null, ...value)];
  return h(
    'dl',
    { class: 'import-fields' },
    row('Vendor', vendorName(item.provider)),
    row("Vendor's id", h('code', null, item.providerId)),
    // The status itself is the line above the fields (detail-view.ts); here the vendor's own word.
    row("Vendor's status", h('code', null, item.providerStatus)),
    row('Resource type', item.resourceType ?? '—'),
    row('Format', item.formatKind ?? item.format ?? '—'),
    item.preview ? row('Preview', 'yes: reports what would happen, imports nothing') : [],
    row(
      'Progress',
      item.progress === null
        ? 'not known'
        : h(
            'progress',
            { max: 1, value: item.progress, 'aria-label': 'Progress' },
            `${Math.round(item.progress * 100)} %`,
          ),
      ' ',
      item.progress === null ? '' : `${Math.round(item.progress * 100)} % · `,
      counts,
    ),
    row('Created', timeElement(item.createdAt)),
    row('Started', timeElement(item.startedAt)),
    row('Completed', timeElement(item.completedAt)),
    row('Updated', timeElement(item.updatedAt)),
    row('Reference', item.reference ?? '—'),
    item.group
      ? row(
          'Group',
          `part ${item.group.part} of ${item.group.parts} · `,
          h(
            'a',
            {
              href: `/console${searchOf({ view: 'list', filters: { ...filters, groupId: item.group.id } })}`,
            },
            'all parts in the list',
          ),
        )
      : [],
  );
}

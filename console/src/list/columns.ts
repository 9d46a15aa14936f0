import type { ImportRowFragment } from '../../../examples/client/generated/graphql.ts';
import { h, timeElement } from '../dom.ts';
import { searchOf, type ListFilters } from '../route.ts';
import { shorten, statusWord, vendorName } from '../words.ts';

export type Row = ImportRowFragment;

/**
 * One column of the list: its header, what of an import it shows (`key`: the cell is rebuilt only
 * when that changes, so a live update leaves the other cells, and the focus in them, alone), and
 * how it shows it.
 */
export interface Column {
  header: string;
  /** The class of its cells, e.g. for the stacked layout on narrow screens. */
  name: string;
  key(row: Row): string;
  render(row: Row, filters: ListFilters): (Node | string)[];
}

export const COLUMNS: readonly Column[] = [
  {
    header: 'Import',
    name: 'import',
    key: (row) => `${row.id}|${row.resourceType}|${row.providerId}`,
    render: (row, filters) => [
      h(
        'a',
        { href: `/console${searchOf({ view: 'detail', id: row.id, filters })}`, class: 'list-link' },
        h('span', { class: 'list-type' }, typesOf(row)),
        ' ',
        h('span', { class: 'list-id' }, row.providerId),
      ),
    ],
  },
  {
    header: 'Vendor',
    name: 'vendor',
    key: (row) => row.provider,
    render: (row) => [vendorName(row.provider)],
  },
  {
    header: 'Status',
    name: 'status',
    key: (row) => row.status,
    render: (row) => [h('span', { class: 'status', 'data-status': row.status }, statusWord(row.status))],
  },
  {
    header: 'Progress',
    name: 'progress',
    key: (row) => JSON.stringify([row.progress, row.counts.processed, row.counts.total, row.terminal]),
    render: (row) => progressOf(row),
  },
  {
    header: 'Errors',
    name: 'errors',
    key: (row) => JSON.stringify([row.counts.errors, row.failure]),
    render: (row) => errorsOf(row),
  },
  {
    header: 'Created',
    name: 'created',
    key: (row) => row.createdAt,
    render: (row) => [timeElement(row.createdAt)],
  },
  {
    header: 'Updated',
    name: 'updated',
    key: (row) => row.updatedAt,
    render: (row) => [timeElement(row.updatedAt)],
  },
  {
    header: 'Group · reference',
    name: 'group',
    key: (row) => JSON.stringify([row.group, row.reference]),
    render: (row) =>
      !row.group && !row.reference
        ? [h('span', { class: 'list-none' }, '—')]
        : [
            row.group
              ? h('span', { class: 'list-group' }, `Part ${row.group.part} of ${row.group.parts}`)
              : '',
            row.group && row.reference ? ' ' : '',
            row.reference ? h('span', { class: 'list-reference' }, row.reference) : '',
          ],
  },
];

/** SailPoint lists several object types in one import, comma separated: spaced to wrap. */
function typesOf(row: Row): string {
  return row.resourceType ? row.resourceType.split(',').join(', ') : 'Import';
}

/** A share of 0..1 from `progress`, else from the counts; null when neither says. */
export function shareDone(row: Row): number | null {
  if (row.progress !== null) return Math.min(1, Math.max(0, row.progress));
  const { processed, total } = row.counts;
  return processed !== null && total ? Math.min(1, processed / total) : null;
}

function progressOf(row: Row): (Node | string)[] {
  const share = shareDone(row);
  const { processed, total } = row.counts;
  const counted = processed !== null && total !== null ? `${processed} of ${total}` : null;
  const label = `Progress of ${typesOf(row)} (${vendorName(row.provider)} ${row.providerId})`;
  if (share === null)
    // Words only, no bar: an indeterminate <progress> animates (for people who asked for reduced
    // motion too, and in the README's screenshots) and at a glance reads as a share done.
    return [h('span', { class: 'list-progress-text list-progress-unknown' }, counted ?? 'Not reported')];
  const percent = `${Math.round(share * 100)} %`;
  return [
    h('progress', { max: 1, value: share, 'aria-label': label, class: 'list-progress' }),
    h('span', { class: 'list-progress-text' }, counted ? `${percent} · ${counted}` : percent),
  ];
}

function errorsOf(row: Row): (Node | string)[] {
  const count = row.counts.errors;
  const failure = row.failure;
  return [
    count === null
      ? h('span', { class: 'list-none' }, '—')
      : h('span', { class: 'list-error-count' }, String(count)),
    failure && row.status === 'FAILED'
      ? h(
          'span',
          { class: 'list-failure' },
          shorten(failure.message ?? failure.code.toLowerCase().replaceAll('_', ' ')),
        )
      : '',
  ];
}

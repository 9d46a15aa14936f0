import { h, replaceChildren } from '../dom.ts';
import type { ListFilters } from '../route.ts';
import { COLUMNS, type Row } from './columns.ts';

interface ShownRow {
  element: HTMLTableRowElement;
  cells: HTMLTableCellElement[];
  keys: string[];
}

export interface ImportsTable {
  /** The table inside its labelled region. */
  element: HTMLElement;
  /** Shows these imports in this order, changing only the rows and cells that differ. */
  show(rows: readonly Row[]): void;
  setCaption(text: string): void;
  setBusy(busy: boolean): void;
  /** Whether the import is on screen. */
  has(id: string): boolean;
  dispose(): void;
}

/**
 * The imports as a table. Rows are kept by import id and updated in place rather than rebuilt,
 * so a live change moves a progress bar without taking the keyboard focus or the scroll position
 * from the person reading the list.
 */
export function importsTable(filters: ListFilters): ImportsTable {
  const caption = h('caption', { id: 'list-caption' }, 'Imports');
  const body = h('tbody');
  const table = h(
    'table',
    { class: 'list-table' },
    caption,
    h(
      'thead',
      null,
      h(
        'tr',
        null,
        COLUMNS.map((column) => h('th', { scope: 'col' }, column.header)),
      ),
    ),
    body,
  );
  const region = h(
    'div',
    { class: 'list-region', role: 'region', 'aria-labelledby': 'list-caption', 'aria-busy': 'true' },
    table,
  );
  // Focusable only while the table is wider than its region, so the keyboard can scroll it then,
  // and the stacked rows of a narrow screen add no empty stop.
  const fitFocus = () => {
    if (region.scrollWidth > region.clientWidth) region.setAttribute('tabindex', '0');
    else region.removeAttribute('tabindex');
  };
  const resizes = typeof ResizeObserver === 'function' ? new ResizeObserver(fitFocus) : undefined;
  resizes?.observe(region);
  resizes?.observe(table);
  const shown = new Map<string, ShownRow>();

  const build = (row: Row): ShownRow => {
    const cells = COLUMNS.map((column, index) =>
      // The first cell names the row for screen readers moving along a column.
      index === 0
        ? h('th', { scope: 'row', class: `list-cell-${column.name}` })
        : h('td', { class: `list-cell-${column.name}`, 'data-label': column.header }),
    );
    const element = h('tr', { 'data-id': row.id }, cells);
    return { element, cells, keys: COLUMNS.map(() => '') };
  };

  const update = (entry: ShownRow, row: Row) => {
    COLUMNS.forEach((column, index) => {
      const key = column.key(row);
      if (entry.keys[index] === key) return;
      entry.keys[index] = key;
      replaceChildren(entry.cells[index]!, column.render(row, filters));
    });
  };

  return {
    element: region,
    show(rows) {
      const wanted = new Set(rows.map((row) => row.id));
      for (const [id, entry] of shown)
        if (!wanted.has(id)) {
          entry.element.remove();
          shown.delete(id);
        }
      // Walks the rows in order, moving a row only when it is not already in its place: a row
      // moved in the document loses the focus inside it.
      let place: ChildNode | null = body.firstChild;
      const placed = new Set<string>();
      for (const row of rows) {
        if (placed.has(row.id)) continue;
        placed.add(row.id);
        let entry = shown.get(row.id);
        if (!entry) {
          entry = build(row);
          shown.set(row.id, entry);
        }
        update(entry, row);
        if (entry.element === place) place = place.nextSibling;
        else body.insertBefore(entry.element, place);
      }
    },
    setCaption(text) {
      caption.textContent = text;
    },
    has: (id) => shown.has(id),
    dispose: () => resizes?.disconnect(),
    setBusy(busy) {
      region.setAttribute('aria-busy', String(busy));
    },
  };
}

import { json, type SimRoute } from '../../core/http.ts';
import type { FleetioAccount } from '../account.ts';
import { refuseUnlessAdmin } from '../auth.ts';
import { cursorEnvelope } from '../cursor-envelope.ts';
import { invalidParams } from '../errors.ts';
import { decodeCursor, keysetPage, type SortKey } from '../keyset.ts';
import { appliedSort, matchesDate, parseListParams, type ListSpec } from '../list-params.ts';
import { IMPORT_STATUSES, importToWire, type FleetioImport } from '../model.ts';

const IMPORT_LIST: ListSpec = {
  sortable: ['id', 'created_at', 'updated_at'],
  statuses: IMPORT_STATUSES,
  dateFilters: ['created_at', 'updated_at'],
};

const SORT_VALUES: Record<string, (item: FleetioImport) => number> = {
  id: (item) => item.id,
  created_at: (item) => item.createdAt,
  updated_at: (item) => item.updatedAt,
};

/** `GET /api/v1/imports`: the account's imports, filtered, sorted and cursor-paged (List Imports page [D]). */
export function listImportsRoute(account: FleetioAccount): SimRoute {
  return {
    method: 'GET',
    path: '/api/v1/imports',
    handler: (request) => {
      const refused = refuseUnlessAdmin(request);
      if (refused) return refused;
      const parsed = parseListParams(request.query, IMPORT_LIST);
      if (!parsed.ok) return invalidParams(parsed.errors);
      const { params } = parsed;
      const sort = appliedSort(params);
      const keys: SortKey<FleetioImport>[] = sort.map(([field, direction]) => ({
        field,
        direction,
        value: SORT_VALUES[field]!,
      }));
      let after: number[] | undefined;
      if (params.cursor) {
        const position = decodeCursor(params.cursor.value, keys);
        if (!position.ok) return invalidParams({ [params.cursor.param]: [position.reason] });
        after = position.after;
      }
      const matching = account
        .all()
        .filter(
          (item) =>
            (params.statuses === undefined || params.statuses.has(item.status)) &&
            params.dates.every((date) =>
              matchesDate(SORT_VALUES[date.field]!(item), date.operator, date.instant),
            ),
        );
      const page = keysetPage(matching, keys, after, params.perPage);
      return json(
        200,
        cursorEnvelope(params, sort, page, (item) => importToWire(item, account.time)),
      );
    },
  };
}

import { json, type SimRoute } from '../../core/http.ts';
import type { FleetioAccount } from '../account.ts';
import { refuseUnlessAdmin } from '../auth.ts';
import { cursorEnvelope } from '../cursor-envelope.ts';
import { invalidParams, problem } from '../errors.ts';
import { importTypeNamed } from '../import-types.ts';
import { decodeCursor, keysetPage, type SortKey } from '../keyset.ts';
import { appliedSort, parseListParams, type ListSpec } from '../list-params.ts';
import { ROW_STATUSES, rowResultToWire, type RowResult } from '../row-results.ts';
import { importNamedBy } from './import-id.ts';

/** Row results filter on status and sort on id only (List Row Results page [D]). */
const ROW_LIST: ListSpec = { sortable: ['id'], statuses: ROW_STATUSES, dateFilters: [] };

/**
 * `GET /api/imports/{id}/results`: per-row results of an import, cursor-paged like the imports
 * list. The path has no `/v1` on the vendor's page (specs/VENDOR-REFERENCE.md §5). Default order
 * `id desc`, as the imports list [I]; bad paging parameters get the list's 400 body [I] (the page
 * lists no 400).
 */
export function importResultsRoute(account: FleetioAccount): SimRoute {
  return {
    method: 'GET',
    path: '/api/imports/{id}/results',
    handler: (request) => {
      const refused = refuseUnlessAdmin(request);
      if (refused) return refused;
      const item = importNamedBy(request, account);
      if (!item) return problem(404, `Couldn't find Import with 'id'=${request.params.id}`, request.path);
      const parsed = parseListParams(request.query, ROW_LIST);
      if (!parsed.ok) return invalidParams(parsed.errors);
      const { params } = parsed;
      const sort = appliedSort(params);
      const keys: SortKey<RowResult>[] = sort.map(([field, direction]) => ({
        field,
        direction,
        value: (row) => row.id,
      }));
      let after: number[] | undefined;
      if (params.cursor) {
        const position = decodeCursor(params.cursor.value, keys);
        if (!position.ok) return invalidParams({ [params.cursor.param]: [position.reason] });
        after = position.after;
      }
      const rows = account
        .rowResults(item)
        .filter((row) => params.statuses === undefined || params.statuses.has(row.status));
      const importedType = importTypeNamed(item.type)!.importedType;
      const page = keysetPage(rows, keys, after, params.perPage);
      return json(
        200,
        cursorEnvelope(params, sort, page, (row) => rowResultToWire(row, importedType, account.time)),
      );
    },
  };
}

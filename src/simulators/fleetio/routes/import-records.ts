import type { SimRoute } from '../../core/http.ts';
import type { FleetioAccount } from '../account.ts';
import { refuseUnlessAdmin } from '../auth.ts';
import { problem } from '../errors.ts';
import type { RecordsStorage } from '../records-storage.ts';
import { importNamedBy } from './import-id.ts';

/**
 * `GET /api/v1/imports/{id}/records`: answers 302 with `Location` (records page [D]), a pre-signed
 * storage URL on the origin the client called (or `recordsOrigin`), whose 200 is the array of
 * affected records.
 */
export function importRecordsRoute(
  account: FleetioAccount,
  storage: RecordsStorage,
  origin: string | undefined,
): SimRoute {
  return {
    method: 'GET',
    path: '/api/v1/imports/{id}/records',
    handler: (request) => {
      const refused = refuseUnlessAdmin(request);
      if (refused) return refused;
      const item = importNamedBy(request, account);
      if (!item) return problem(404, `Couldn't find Import with 'id'=${request.params.id}`, request.path);
      const host = request.headers.host;
      const own = typeof host === 'string' && host !== '' ? `http://${host}` : '';
      return { status: 302, headers: { location: storage.urlFor(item.id, origin ?? own) } };
    },
  };
}

import type { SimRoute } from '../../core/http.ts';
import type { FleetioAccount } from '../account.ts';
import type { RecordsStorage } from '../records-storage.ts';
import { s3Error, STORAGE_PREFIX } from '../storage-errors.ts';

/** `GET /storage/import-records/{file}`: the object a records redirect points at (see `RecordsStorage`). */
export function recordsStorageRoute(account: FleetioAccount, storage: RecordsStorage): SimRoute {
  return {
    method: 'GET',
    path: `${STORAGE_PREFIX}{file}`,
    handler: (request) => {
      const access = storage.authorize(request);
      if (!access.ok) return access.response;
      const item = account.find(access.importId);
      if (!item)
        return s3Error(404, 'NoSuchKey', 'The specified key does not exist.', { Key: request.path.slice(1) });
      return storage.object(account.affectedRecords(item));
    },
  };
}

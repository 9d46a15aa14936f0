import type { SimRequest } from '../../core/http.ts';
import type { FleetioAccount } from '../account.ts';
import type { FleetioImport } from '../model.ts';

/**
 * The import a `{id}` path names. The records page requires `^[0-9]+$` [D]; anything else, like an
 * unknown id, is a route Rails cannot resolve, hence not found [I].
 */
export function importNamedBy(request: SimRequest, account: FleetioAccount): FleetioImport | undefined {
  const id = request.params.id ?? '';
  if (!/^[0-9]+$/.test(id) || id.length > 15) return undefined;
  return account.find(Number(id));
}

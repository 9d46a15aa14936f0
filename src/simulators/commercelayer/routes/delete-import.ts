import type { SimRequest, SimResponse } from '../../core/http.ts';
import { recordNotFound } from '../errors.ts';
import { findImport, refuse, type ApiDeps } from './api-request.ts';

/** `DELETE /api/imports/{id}`: 204 with no body; the import is gone (404 afterwards). */
export function deleteImport(deps: ApiDeps) {
  return (request: SimRequest): SimResponse => {
    const refusal = refuse(request, deps, false);
    if (refusal) return refusal;
    const record = findImport(request, deps);
    if (!record) return recordNotFound();
    deps.imports.destroy(record);
    return { status: 204 };
  };
}

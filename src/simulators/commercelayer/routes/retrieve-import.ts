import type { SimRequest, SimResponse } from '../../core/http.ts';
import { recordNotFound } from '../errors.ts';
import { parseResourceQuery } from '../query/params.ts';
import { findImport, isRefusal, jsonApi, refuse, singleDocument, type ApiDeps } from './api-request.ts';

/** `GET /api/imports/{id}`: the poll. */
export function retrieveImport(deps: ApiDeps) {
  return (request: SimRequest): SimResponse => {
    const refusal = refuse(request, deps, false);
    if (refusal) return refusal;
    const query = parseResourceQuery(request.query);
    if (isRefusal(query)) return query;
    const record = findImport(request, deps);
    if (!record) return recordNotFound();
    return jsonApi(200, singleDocument(request, deps, record, query));
  };
}

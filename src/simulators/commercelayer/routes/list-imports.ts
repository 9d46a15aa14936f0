import type { SimRequest, SimResponse } from '../../core/http.ts';
import { parseListQuery } from '../query/params.ts';
import { requestOrigin, resourceObject } from '../wire.ts';
import { isRefusal, jsonApi, refuse, type ApiDeps } from './api-request.ts';

/**
 * A page link as the vendor writes it (docs' list example): the request's own parameters, then
 * `page[number]` and `page[size]`, brackets left readable.
 */
function pageLink(request: SimRequest, number: number, size: number): string {
  const kept = [...request.query].filter(([name]) => !name.startsWith('page['));
  const parts = [
    ...kept.map(([name, value]) => `${name}=${encodeURIComponent(value)}`),
    `page[number]=${number}`,
    `page[size]=${size}`,
  ];
  return `${requestOrigin(request.headers)}/api/imports?${parts.join('&')}`;
}

/**
 * `GET /api/imports`: filter, sort, then one page. `meta` carries `record_count` and `page_count`
 * (the SDK reads both); `links` has `first` and `last` always, `prev` from page 2 on and `next`
 * before the last page, as jsonapi-resources' paged paginator writes them. A page past the last
 * is empty, not an error. [I] With no records, `last` points at page 1 rather than page 0.
 */
export function listImports(deps: ApiDeps) {
  return (request: SimRequest): SimResponse => {
    const refusal = refuse(request, deps, false);
    if (refusal) return refusal;
    const query = parseListQuery(request.query);
    if (isRefusal(query)) return query;
    const matching = deps.imports.store
      .all()
      .filter((record) => query.filters.every((filter) => filter(record)))
      .sort(query.order);
    const pageCount = Math.ceil(matching.length / query.size);
    const start = (query.number - 1) * query.size;
    const wire = { ...deps.imports.wire(requestOrigin(request.headers)), fields: query.fields };
    const links: Record<string, string> = { first: pageLink(request, 1, query.size) };
    if (query.number > 1) links.prev = pageLink(request, query.number - 1, query.size);
    if (query.number < pageCount) links.next = pageLink(request, query.number + 1, query.size);
    links.last = pageLink(request, Math.max(1, pageCount), query.size);
    const document: Record<string, unknown> = {
      data: matching.slice(start, start + query.size).map((record) => resourceObject(record, wire)),
      meta: { record_count: matching.length, page_count: pageCount },
      links,
    };
    if (query.include) document.included = [];
    return jsonApi(200, document);
  };
}

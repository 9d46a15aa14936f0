import type { SimClock } from '../../core/clock.ts';
import type { SimRequest, SimResponse } from '../../core/http.ts';
import type { TokenIssuer } from '../../core/tokens.ts';
import { checkBearer } from '../auth.ts';
import { JSON_API_MEDIA_TYPE } from '../errors.ts';
import { looksLikeResourceId } from '../ids.ts';
import type { CommerceLayerImports } from '../imports.ts';
import type { ImportRecord } from '../model.ts';
import { checkAccept, checkContentType } from '../negotiation.ts';
import type { ResourceQuery } from '../query/params.ts';
import { requestOrigin, resourceObject } from '../wire.ts';

/** What every `/api/imports` handler works with. */
export interface ApiDeps {
  imports: CommerceLayerImports;
  tokens: TokenIssuer;
  clock: SimClock;
}

/**
 * The checks every API request passes first, in this order [I: the vendor's order is not
 * documented]: bearer token (401), Accept (406), and for creates and updates Content-Type (415).
 */
export function refuse(request: SimRequest, deps: ApiDeps, writes: boolean): SimResponse | undefined {
  return (
    checkBearer(request, deps.tokens) ??
    checkAccept(request) ??
    (writes ? checkContentType(request) : undefined)
  );
}

export function jsonApi(status: number, body: unknown): SimResponse {
  return { status, headers: { 'content-type': JSON_API_MEDIA_TYPE }, body };
}

/** The import the path names; a malformed id names nothing (answered 404 like a missing one). */
export function findImport(request: SimRequest, deps: ApiDeps): ImportRecord | undefined {
  const id = request.params.id ?? '';
  return looksLikeResourceId(id) ? deps.imports.store.get(id) : undefined;
}

/** Tells a parser's refusal from its result (query parsers answer either). */
export function isRefusal(value: object): value is SimResponse {
  return typeof (value as { status?: unknown }).status === 'number';
}

/** `{ data: resource }` for one import, links on the request's own origin. */
export function singleDocument(
  request: SimRequest,
  deps: ApiDeps,
  record: ImportRecord,
  query: ResourceQuery,
  inputs?: unknown,
): Record<string, unknown> {
  const wire = { ...deps.imports.wire(requestOrigin(request.headers)), fields: query.fields, inputs };
  const document: Record<string, unknown> = { data: resourceObject(record, wire) };
  if (query.include) document.included = [];
  return document;
}

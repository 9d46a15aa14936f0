import { parseJsonBody, type SimRequest, type SimResponse } from '../../core/http.ts';
import {
  badRequest,
  invalidDataFormat,
  invalidResource,
  keyNotIncludedInUrl,
  paramMissing,
  paramNotAllowed,
} from '../errors.ts';

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Reads a JSON:API request document `{ data: { type: "imports", id?, attributes } }` and answers
 * the jsonapi-resources 400s for a malformed one: bad JSON (BAD_REQUEST), no `data`
 * (PARAM_MISSING), `data` not an object (INVALID_DATA_FORMAT), a wrong `type` (INVALID_RESOURCE),
 * an `id` that differs from the URL (KEY_NOT_INCLUDED_IN_URL) and any attribute the action does
 * not take (PARAM_NOT_ALLOWED). `urlId` is set for updates, which must name the same id.
 */
export function readResourceDocument(
  request: SimRequest,
  allowed: ReadonlySet<string>,
  urlId?: string,
): Record<string, unknown> | SimResponse {
  const parsed = parseJsonBody(request.body);
  if (!parsed.ok) return badRequest(parsed.reason);
  if (!isObject(parsed.value)) return badRequest('Request must be a hash');
  const data = parsed.value.data;
  if (data === undefined || data === null) return paramMissing('data');
  if (!isObject(data)) return invalidDataFormat();
  if (data.type === undefined || data.type === null || data.type === '') return paramMissing('type');
  if (data.type !== 'imports')
    return invalidResource(typeof data.type === 'string' ? data.type : JSON.stringify(data.type));
  if (urlId === undefined) {
    // Ids are the server's: a create may not choose one.
    if (data.id !== undefined) return paramNotAllowed('id');
  } else {
    if (data.id === undefined || data.id === null || data.id === '') return paramMissing('id');
    if (data.id !== urlId)
      return keyNotIncludedInUrl(typeof data.id === 'string' ? data.id : JSON.stringify(data.id));
  }
  if (isObject(data.relationships) && Object.keys(data.relationships).length > 0) {
    return paramNotAllowed(Object.keys(data.relationships)[0]!);
  }
  const attributes = data.attributes ?? {};
  if (!isObject(attributes)) return invalidDataFormat();
  const refused = Object.keys(attributes).find((name) => !allowed.has(name));
  return refused === undefined ? attributes : paramNotAllowed(refused);
}

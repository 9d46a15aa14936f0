import type { SimRequest, SimResponse } from '../../core/http.ts';
import { queueFull, validationErrors } from '../errors.ts';
import type { ImportRecord } from '../model.ts';
import type { SettingsControl } from '../settings.ts';
import { CREATABLE_ATTRIBUTES } from '../model.ts';
import { parseResourceQuery } from '../query/params.ts';
import { isRefusal, jsonApi, refuse, singleDocument, type ApiDeps } from './api-request.ts';
import { validateCreate } from './create-validation.ts';
import { readResourceDocument } from './resource-document.ts';

const busyImports = (records: readonly ImportRecord[]) =>
  records.filter((record) => record.status === 'pending' || record.status === 'in_progress').length;

/**
 * `POST /api/imports`: 201 with the import `pending` (docs). It then runs on the simulated clock:
 * start after a few seconds, a progress step every few seconds, completed or interrupted at most
 * a few minutes later. The 201 echoes the posted `inputs`; later reads return null (transient).
 * With `maxConcurrentImports` set (settings.ts) a creation beyond the cap is refused.
 */
export function createImport(deps: ApiDeps & { settings: SettingsControl }) {
  return (request: SimRequest): SimResponse => {
    const refusal = refuse(request, deps, true);
    if (refusal) return refusal;
    const query = parseResourceQuery(request.query);
    if (isRefusal(query)) return query;
    const attributes = readResourceDocument(request, CREATABLE_ATTRIBUTES);
    if (isRefusal(attributes)) return attributes;
    const valid = validateCreate(attributes);
    if (Array.isArray(valid)) return validationErrors(valid);

    const cap = deps.settings.current.maxConcurrentImports;
    if (cap !== null && busyImports(deps.imports.store.all()) >= cap) return queueFull(cap);

    const now = deps.clock.now();
    const { imports } = deps;
    const record = imports.blank(now);
    record.resource_type = valid.resource_type;
    record.format = valid.format;
    record.parent_resource_id = valid.parent_resource_id;
    record.reference = valid.reference;
    record.reference_origin = valid.reference_origin;
    record.metadata = valid.metadata;
    record.skip_errors = valid.skip_errors;
    record.cleanup_records = valid.cleanup_records;
    record.inputs_size = valid.items.length;
    imports.admit(record, valid.items, now);
    imports.notify('imports.create', record);
    imports.follow(record);
    return jsonApi(201, singleDocument(request, deps, record, query, attributes.inputs));
  };
}

import type { SimRequest, SimResponse } from '../../core/http.ts';
import { recordNotFound, validationErrors, type ValidationFailure } from '../errors.ts';
import { isTerminal, UPDATABLE_ATTRIBUTES } from '../model.ts';
import { parseResourceQuery } from '../query/params.ts';
import { findImport, isRefusal, jsonApi, refuse, singleDocument, type ApiDeps } from './api-request.ts';
import { readResourceDocument } from './resource-document.ts';

/**
 * `PATCH /api/imports/{id}`: `_interrupt: true` stops a pending or running import (status
 * `interrupted`, `interrupted_at` now); `reference`, `reference_origin` and `metadata` may change.
 * [I] Interrupting a finished import is refused with 422: the status machine has no such move.
 */
export function updateImport(deps: ApiDeps) {
  return (request: SimRequest): SimResponse => {
    const refusal = refuse(request, deps, true);
    if (refusal) return refusal;
    const query = parseResourceQuery(request.query);
    if (isRefusal(query)) return query;
    const attributes = readResourceDocument(request, UPDATABLE_ATTRIBUTES, request.params.id);
    if (isRefusal(attributes)) return attributes;
    const record = findImport(request, deps);
    if (!record) return recordNotFound();

    const failures: ValidationFailure[] = [];
    const interrupt = attributes._interrupt;
    if (interrupt !== undefined && interrupt !== null && typeof interrupt !== 'boolean') {
      failures.push({ attribute: '_interrupt', message: 'is invalid', error: 'invalid' });
    } else if (interrupt === true && isTerminal(record.status)) {
      failures.push({
        attribute: '_interrupt',
        message: `cannot transition from ${record.status} via interrupt`,
        error: 'invalid_transition',
      });
    }
    for (const name of ['reference', 'reference_origin'] as const) {
      const value = attributes[name];
      if (value !== undefined && value !== null && typeof value !== 'string') {
        failures.push({ attribute: name, message: 'is invalid', error: 'invalid' });
      }
    }
    const metadata = attributes.metadata;
    if (
      metadata !== undefined &&
      (typeof metadata !== 'object' || metadata === null || Array.isArray(metadata))
    ) {
      failures.push({ attribute: 'metadata', message: 'is invalid', error: 'invalid' });
    }
    if (failures.length > 0) return validationErrors(failures);

    const now = deps.clock.now();
    const changes = ['reference', 'reference_origin', 'metadata'].filter(
      (name) => attributes[name] !== undefined,
    );
    if (attributes.reference !== undefined) record.reference = attributes.reference as string | null;
    if (attributes.reference_origin !== undefined)
      record.reference_origin = attributes.reference_origin as string | null;
    if (metadata !== undefined) record.metadata = metadata as Record<string, unknown>;
    if (changes.length > 0) record.updated_at = now;
    if (interrupt === true) deps.imports.interrupt(record, now);
    return jsonApi(200, singleDocument(request, deps, record, query));
  };
}

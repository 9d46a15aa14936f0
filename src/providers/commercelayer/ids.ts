import { vendorIdFormat } from '../../imports/vendor-ids.ts';

/**
 * Commerce Layer ids are opaque: "Unique identifier for the resource (hash)", `format: id`, with
 * ten-letter examples (`XAyRWNUzyN`, specs/commercelayer/import.resource-schema.json; `XGZwpOSrWL`,
 * specs/commercelayer/imports.openapi.2023-02.json). No length is promised, so the gateway accepts
 * letters and digits up to 64 characters rather than exactly ten letters (specs/VENDOR-REFERENCE.md §6).
 */
export const COMMERCE_LAYER_IMPORT_IDS = vendorIdFormat({
  provider: 'COMMERCE_LAYER',
  noun: 'import id',
  looksLike: 'letters and digits (at most 64), e.g. XAyRWNUzyN',
  pattern: /^[A-Za-z0-9]{1,64}$/,
});

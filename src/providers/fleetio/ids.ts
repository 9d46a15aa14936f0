import { vendorIdFormat } from '../../imports/vendor-ids.ts';

/**
 * Fleetio import ids are integers: `id: {type: integer}` in the list, and the records path requires
 * `^[0-9]+$` (specs/fleetio/imports.reconstructed-from-docs.openapi.yaml). At most 15 digits, our
 * bound: ids arrive as JSON numbers, exact only up to 2^53 (16 digits), and every 15-digit id is
 * below it (specs/VENDOR-REFERENCE.md §6).
 */
export const FLEETIO_IMPORT_IDS = vendorIdFormat({
  provider: 'FLEETIO',
  noun: 'import id',
  looksLike: '1 to 15 digits, e.g. 31007',
  pattern: /^[0-9]{1,15}$/,
});

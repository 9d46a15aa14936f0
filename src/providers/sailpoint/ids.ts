import { vendorIdFormat } from '../../imports/vendor-ids.ts';

/**
 * SailPoint declares job ids as a plain string; its examples are UUIDs, dashed in answers
 * (`jobId: 4fb10503-1c49-4603-8f8d-886e1f6aa47b`) and undashed in the path parameter
 * (`ef38f94347e94562b5bb8424a56397d8`), specs/sailpoint/sp-config-import.v2025.openapi.yaml. Since
 * the shape is only shown, not declared, the gateway accepts the character class of both (letters,
 * digits, dashes) up to 64 characters rather than insisting on a UUID (specs/VENDOR-REFERENCE.md §6).
 */
export const SAILPOINT_JOB_IDS = vendorIdFormat({
  provider: 'SAILPOINT',
  noun: 'import job id',
  looksLike: 'letters, digits and dashes (at most 64), e.g. 4fb10503-1c49-4603-8f8d-886e1f6aa47b',
  pattern: /^[A-Za-z0-9-]{1,64}$/,
});

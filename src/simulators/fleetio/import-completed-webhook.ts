import { createHmac } from 'node:crypto';
import type { WebhookDelivery, WebhookTarget } from '../core/webhooks.ts';
import { recordIdsOf } from './affected-records.ts';
import { importTypeNamed } from './import-types.ts';
import type { FleetioImport } from './model.ts';
import type { ResolvedFleetioOptions } from './options.ts';
import type { RowResult } from './row-results.ts';
import type { TimeFormatter } from './time-format.ts';

/**
 * Fleetio's signing scheme is undocumented; the README fixes this header, carrying the hex
 * HMAC-SHA256 of the raw body with the configured secret.
 */
export const SIGNATURE_HEADER = 'X-Fleetio-Webhook-Signature';

/**
 * The single `import_completed` event Fleetio sends when an import run ends, instead of one event
 * per record (webhook event reference [D]). Envelope `{id, event, timestamp, triggered_by, payload}`
 * as every Fleetio webhook (webhooks page [D]); the payload carries the import's type, `state`
 * (not `status`), the three record-id arrays and `error_messages`. The other payload keys, and
 * `triggered_by` being the uploader, are [I].
 */
export function importCompletedDelivery(
  item: FleetioImport,
  rows: readonly RowResult[],
  serial: number,
  time: TimeFormatter,
  options: ResolvedFleetioOptions,
): (target: WebhookTarget) => WebhookDelivery {
  const { created, updated } = recordIdsOf(rows);
  const state = options.webhookState === 'status' || item.status === 'complete' ? item.status : 'failed';
  const body = JSON.stringify({
    id: serial,
    event: 'import_completed',
    timestamp: time(item.updatedAt),
    triggered_by: item.uploadedBy,
    payload: {
      id: item.id,
      type: item.type,
      imported_type: importTypeNamed(item.type)!.importedType,
      file_name: item.fileName,
      state,
      affected_record_ids: [...created, ...updated].sort((a, b) => a - b),
      created_record_ids: created,
      updated_record_ids: updated,
      error_messages: errorMessagesOf(item, rows),
    },
  });
  return (target) => ({
    body,
    headers: { [SIGNATURE_HEADER]: createHmac('sha256', target.secret).update(body).digest('hex') },
  });
}

function errorMessagesOf(item: FleetioImport, rows: readonly RowResult[]): string[] {
  const messages = rows
    .filter((row) => row.status === 'error')
    .map((row) => `Row ${row.rowNumber}: ${row.message}`);
  if (item.status === 'unsupported') messages.push(`${item.fileName} is not a file type Fleetio can import`);
  if (item.status === 'incomplete') messages.push('The import stopped before every row was processed');
  return messages;
}

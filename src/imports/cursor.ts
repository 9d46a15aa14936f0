import { IMPORT_PROVIDERS } from './model.ts';
import type { ImportOrderField, OrderPosition } from './order.ts';

/**
 * Connection cursors name a position in the total order, not a vendor page, so they stay valid
 * when imports are added or removed. The order field is part of the cursor: a cursor taken under
 * CREATED_AT means nothing under UPDATED_AT, and is refused rather than silently misread.
 */
const FIELD_CODES: Record<ImportOrderField, string> = { CREATED_AT: 'c', UPDATED_AT: 'u' };

export class InvalidCursorError extends Error {}

export function encodeImportCursor(position: OrderPosition, field: ImportOrderField): string {
  const payload = [
    'i',
    FIELD_CODES[field],
    position.at,
    IMPORT_PROVIDERS.indexOf(position.provider),
    position.providerId,
  ];
  return Buffer.from(JSON.stringify(payload)).toString('base64url');
}

export function decodeImportCursor(cursor: string, field: ImportOrderField): OrderPosition {
  let payload: unknown;
  try {
    if (!/^[A-Za-z0-9_-]+$/.test(cursor)) throw new Error('not base64url');
    payload = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw new InvalidCursorError(
      'This cursor is malformed: pass a cursor exactly as a previous page returned it.',
    );
  }
  if (!Array.isArray(payload) || payload.length !== 5 || payload[0] !== 'i') {
    throw new InvalidCursorError('This cursor does not belong to the imports connection.');
  }
  const [, fieldCode, at, rank, providerId] = payload as unknown[];
  const provider = typeof rank === 'number' ? IMPORT_PROVIDERS[rank] : undefined;
  if (
    typeof at !== 'number' ||
    !Number.isSafeInteger(at) ||
    provider === undefined ||
    typeof providerId !== 'string' ||
    providerId.length === 0
  ) {
    throw new InvalidCursorError(
      'This cursor is malformed: pass a cursor exactly as a previous page returned it.',
    );
  }
  if (fieldCode !== FIELD_CODES[field]) {
    throw new InvalidCursorError(
      `This cursor was taken with another orderBy field; it cannot be used with ${field}. Start again without a cursor.`,
    );
  }
  return { at, provider, providerId };
}

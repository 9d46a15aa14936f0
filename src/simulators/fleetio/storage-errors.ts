import { randomBytes } from 'node:crypto';
import type { SimResponse } from '../core/http.ts';
import type { VendorErrorReason } from '../core/vendor.ts';

/** Where the pre-signed URLs of import records point (an [I] stand-in for Fleetio's object storage). */
export const STORAGE_PREFIX = '/storage/import-records/';

export function isStoragePath(path: string): boolean {
  return path.startsWith(STORAGE_PREFIX);
}

const S3_CODES: Record<number, readonly [string, string]> = {
  400: ['InvalidRequest', 'The request is not valid.'],
  403: ['AccessDenied', 'Access Denied'],
  404: ['NoSuchKey', 'The specified key does not exist.'],
  405: ['MethodNotAllowed', 'The specified method is not allowed against this resource.'],
  500: ['InternalError', 'We encountered an internal error. Please try again.'],
  503: ['SlowDown', 'Please reduce your request rate.'],
};

/**
 * An S3 error document: XML `<Error>` with `Code`, `Message`, `RequestId`, `HostId`, and extra
 * elements some codes carry (e.g. `Expires`, `ServerTime` for an expired URL).
 */
export function s3Error(
  status: number,
  code: string,
  message: string,
  extra: Record<string, string> = {},
): SimResponse {
  const requestId = randomBytes(8).toString('hex').toUpperCase();
  const elements = {
    Code: code,
    Message: message,
    ...extra,
    RequestId: requestId,
    HostId: randomBytes(24).toString('base64'),
  };
  const inner = Object.entries(elements)
    .map(([name, value]) => `<${name}>${escapeXml(value)}</${name}>`)
    .join('');
  return {
    status,
    headers: { 'content-type': 'application/xml', 'x-amz-request-id': requestId },
    rawBody: `<?xml version="1.0" encoding="UTF-8"?>\n<Error>${inner}</Error>`,
  };
}

/** What the storage host answers for what the shared server refuses by itself (faults, unknown paths). */
export function storageError(status: number, reason: VendorErrorReason): SimResponse {
  const effective =
    reason.kind === 'method-not-allowed' ? 405 : reason.kind === 'route-not-found' ? 404 : status;
  const [code, message] = S3_CODES[effective] ?? (effective >= 500 ? S3_CODES[500]! : S3_CODES[400]!);
  return s3Error(effective, code, message);
}

function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (character) => `&#${character.charCodeAt(0)};`);
}

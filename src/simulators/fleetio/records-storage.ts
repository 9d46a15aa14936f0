import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { SimClock } from '../core/clock.ts';
import type { SimRequest, SimResponse } from '../core/http.ts';
import type { TokenIssuer } from '../core/tokens.ts';
import { refuseUnlessAdmin } from './auth.ts';
import { s3Error, STORAGE_PREFIX } from './storage-errors.ts';

const SIGNED_PARAMS = [
  'X-Amz-Algorithm',
  'X-Amz-Credential',
  'X-Amz-Date',
  'X-Amz-Expires',
  'X-Amz-Security-Token',
  'X-Amz-SignedHeaders',
] as const;

/**
 * The object storage `GET /v1/imports/{id}/records` redirects to. Fleetio does not document the
 * target (specs/VENDOR-REFERENCE.md §1); this behaves like an S3 pre-signed URL made with temporary
 * credentials [I]: no Fleetio credentials needed, valid for a few minutes of simulated time, and
 * refused when the client also sends an `Authorization` header (S3 allows one auth mechanism per
 * request), so a client that forwards its Fleetio key across the redirect is caught. Served on the
 * API's own origin (no `recordsOrigin`), it stands for Fleetio's own host and takes Fleetio's admin
 * credentials as well, since clients keep them on a same-origin redirect
 * (specs/VENDOR-REFERENCE.md §1.2). The session token is a simulator token, so the `expireTokens`
 * fault expires every URL handed out so far.
 */
export class RecordsStorage {
  private readonly signingKey = randomBytes(32);

  private readonly lifetimeSeconds: number;
  private readonly takesFleetioCredentials: boolean;

  constructor(
    private readonly tokens: TokenIssuer,
    private readonly clock: SimClock,
    options: { lifetimeSeconds: number; takesFleetioCredentials: boolean },
  ) {
    this.lifetimeSeconds = options.lifetimeSeconds;
    this.takesFleetioCredentials = options.takesFleetioCredentials;
  }

  /** A pre-signed URL for the records of `importId`, on the origin the client called. */
  urlFor(importId: number, origin: string): string {
    const path = `${STORAGE_PREFIX}${importId}.json`;
    const amzDate = new Date(this.clock.now())
      .toISOString()
      .replace(/[-:]/g, '')
      .replace(/\.\d{3}/, '');
    const query = new URLSearchParams({
      'X-Amz-Algorithm': 'AWS4-HMAC-SHA256',
      'X-Amz-Credential': `ASIASIMFLEETIOEXPORT/${amzDate.slice(0, 8)}/us-east-1/s3/aws4_request`,
      'X-Amz-Date': amzDate,
      'X-Amz-Expires': String(this.lifetimeSeconds),
      'X-Amz-Security-Token': this.tokens.issue(this.lifetimeSeconds, { sub: `import-records:${importId}` }),
      'X-Amz-SignedHeaders': 'host',
    });
    query.set('X-Amz-Signature', this.sign(path, query));
    return `${origin}${path}?${query.toString()}`;
  }

  /** The import id a storage request may read, or S3's refusal. */
  authorize(request: SimRequest): { ok: true; importId: number } | { ok: false; response: SimResponse } {
    const refuse = (response: SimResponse) => ({ ok: false as const, response });
    const ownCredentials = this.takesFleetioCredentials && refuseUnlessAdmin(request) === undefined;
    if (request.headers.authorization !== undefined && !ownCredentials) {
      return refuse(
        s3Error(
          400,
          'InvalidArgument',
          'Only one auth mechanism allowed; only the X-Amz-Algorithm query parameter, Signature query string parameter or the Authorization header should be specified',
          { ArgumentName: 'Authorization', ArgumentValue: request.headers.authorization },
        ),
      );
    }
    const signature = request.query.get('X-Amz-Signature');
    if (signature === null || SIGNED_PARAMS.some((name) => request.query.get(name) === null)) {
      return refuse(s3Error(403, 'AccessDenied', 'Access Denied'));
    }
    const expected = Buffer.from(this.sign(request.path, request.query));
    const given = Buffer.from(signature);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) {
      return refuse(
        s3Error(
          403,
          'SignatureDoesNotMatch',
          'The request signature we calculated does not match the signature you provided. Check your key and signing method.',
        ),
      );
    }
    const issued = parseAmzDate(request.query.get('X-Amz-Date')!);
    const expires = issued + Number(request.query.get('X-Amz-Expires')) * 1000;
    const session = this.tokens.check(request.query.get('X-Amz-Security-Token')!);
    if (!(expires > this.clock.now()) || !session.valid) {
      return refuse(
        s3Error(403, 'AccessDenied', 'Request has expired', {
          'X-Amz-Expires': request.query.get('X-Amz-Expires')!,
          Expires: new Date(session.valid ? expires : issued).toISOString(),
          ServerTime: new Date(this.clock.now()).toISOString(),
        }),
      );
    }
    return { ok: true, importId: Number(request.path.slice(STORAGE_PREFIX.length).replace(/\.json$/, '')) };
  }

  /** An S3 object answer: the JSON array the records endpoint promised. */
  object(records: unknown[]): SimResponse {
    return {
      status: 200,
      headers: {
        'content-type': 'application/json',
        etag: `"${createHash('md5').update(JSON.stringify(records)).digest('hex')}"`,
        'x-amz-request-id': randomBytes(8).toString('hex').toUpperCase(),
      },
      body: records,
    };
  }

  private sign(path: string, query: URLSearchParams): string {
    const canonical = SIGNED_PARAMS.map((name) => `${name}=${query.get(name) ?? ''}`).join('&');
    return createHmac('sha256', this.signingKey).update(`GET\n${path}\n${canonical}`).digest('hex');
  }
}

/** `20261102T090000Z` → epoch milliseconds (NaN when malformed, which counts as expired). */
function parseAmzDate(text: string): number {
  const match = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(text);
  return match
    ? Date.parse(`${match[1]}-${match[2]}-${match[3]}T${match[4]}:${match[5]}:${match[6]}Z`)
    : Number.NaN;
}

import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';

/**
 * The id of the client request being served, carried through every await (DataLoader batches and
 * vendor calls included) so logs and vendor requests name the request that caused them. A vendor
 * request shared by several client requests (single flight) carries the first one's id.
 */
const scope = new AsyncLocalStorage<string>();

/** A caller's own `X-Request-Id` is kept when it is a plausible id; otherwise a fresh one is made. */
export function requestIdFrom(header: string | string[] | undefined): string {
  const value = Array.isArray(header) ? header[0] : header;
  return value && /^[\w.:-]{1,128}$/.test(value) ? value : randomUUID();
}

export function runWithRequestId<T>(requestId: string, work: () => T): T {
  return scope.run(requestId, work);
}

export function currentRequestId(): string | undefined {
  return scope.getStore();
}

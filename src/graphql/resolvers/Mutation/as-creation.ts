import type { GatewayContext } from '../../context.ts';

/**
 * Runs a write the vendor may carry out (a creation, the registration of a job under an
 * idempotency key) on the execution's creation signal, counted as in flight: a client that
 * leaves does not cut it short, and a shutdown waits for it (operation/deadline.ts).
 */
export function asCreation<T>(
  context: GatewayContext,
  work: (signal: AbortSignal) => Promise<T>,
): Promise<T> {
  const signal = context.creationSignal;
  return context.creations ? context.creations.run(() => work(signal)) : work(signal);
}

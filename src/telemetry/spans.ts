import type {
  CarrierHeaders,
  OperationEnd,
  OperationStart,
  Tracing,
  VendorCall,
  VendorStep,
} from './tracing.ts';

export type { CarrierHeaders };

/**
 * The spans the gateway's layers open, one call each at their existing entry points
 * (docs/OPERATIONS.md, Traces). With tracing off (no OTLP endpoint) `active` stays undefined and
 * every call is the work itself: no span, no context, no allocation beyond the closure.
 */
let active: Tracing | undefined;

/** Set by the SDK when it starts (src/telemetry/sdk/), cleared when it stops. */
export function useTracing(tracing: Tracing | undefined): void {
  active = tracing;
}

/** One GraphQL operation, over any transport: the parent of its vendor and store spans. */
export function traceOperation<T>(start: OperationStart, work: () => Promise<T>): Promise<T> {
  return active ? active.operation(start, work) : work();
}

/** Names the running operation and its outcome (operation/outcome.ts, for every transport). */
export function endOperation(end: OperationEnd): void {
  active?.endOperation(end);
}

/** One vendor request as the adaptor made it: its attempts on the wire are its children. */
export function traceVendorRequest<T extends { status: number }>(
  call: VendorCall,
  work: () => Promise<T>,
): Promise<T> {
  return active ? active.vendorRequest(call, work) : work();
}

/** An attempt, retry, rate-limit wait or sharing of the vendor request being run. */
export function noteVendorStep(step: VendorStep): void {
  active?.vendorStep(step);
}

/** One batch of Redis commands (a script, a pipeline, a command) sent by a store. */
export function traceStoreBatch<T>(work: () => Promise<T>): Promise<T> {
  return active ? active.storeBatch(work) : work();
}

/** One execution of a live event, shared by its subscribers (operation/shared-execution.ts). */
export function traceLiveEvent<T>(operationName: string | undefined, work: () => Promise<T>): Promise<T> {
  return active ? active.liveEvent(operationName, work) : work();
}

/**
 * A transport sent the result of a shared execution (`result`, as the execution resolved it) to
 * `deliveries` subscribers: counted on the event's span.
 */
export function countDeliveries(result: object, deliveries: number): void {
  active?.delivered(result, deliveries);
}

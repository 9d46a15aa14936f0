/**
 * What the gateway's layers ask of tracing, written without OpenTelemetry's types so that nothing
 * of it is loaded while tracing is off: the SDK (sdk/) implements this once an OTLP endpoint is
 * set, and spans.ts hands each call to it, or straight to the work when there is none.
 */
export type OperationTransport = 'http' | 'websocket' | 'sse';

/** Request headers as node:http gives them; only `traceparent` and `tracestate` are read. */
export type CarrierHeaders = Record<string, string | string[] | undefined>;

export interface OperationStart {
  transport: OperationTransport;
  /** The client's headers, for its W3C `traceparent` (trusted or linked: TracingSettings). */
  headers?: CarrierHeaders;
}

export interface OperationEnd {
  operationName?: string | null;
  type?: string;
  outcome: 'ok' | 'partial' | 'error';
}

/** One request to a vendor, as the adaptor asked for it (before retries, waits and sharing). */
export interface VendorCall {
  provider: string;
  method: string;
  url: string;
  /** The vendor's path templates (`/imports/{id}`): the span names one of them, never the URL. */
  routes: readonly string[];
}

/** What the resilience layer reports of a vendor request (its ResilienceEvent, seen structurally). */
export interface VendorStep {
  kind: string;
  delayMs?: number;
  waitMs?: number;
  attempt?: number;
  reason?: string;
}

export interface Tracing {
  operation<T>(start: OperationStart, work: () => Promise<T>): Promise<T>;
  endOperation(end: OperationEnd): void;
  vendorRequest<T extends { status: number }>(call: VendorCall, work: () => Promise<T>): Promise<T>;
  vendorStep(step: VendorStep): void;
  storeBatch<T>(work: () => Promise<T>): Promise<T>;
  liveEvent<T>(operationName: string | undefined, work: () => Promise<T>): Promise<T>;
  delivered(result: object, deliveries: number): void;
  /** Sends what is buffered and stops, within `withinMs`. */
  shutdown(withinMs: number): Promise<void>;
}

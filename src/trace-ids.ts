/**
 * The trace and span a log line was written in, when tracing is on: src/telemetry/ installs the
 * reader when it starts (and removes it when it stops), log.ts asks it for every line. A hook
 * rather than an import, so the logger loads nothing of OpenTelemetry while tracing is off.
 */
export interface TraceIds {
  traceId: string;
  spanId: string;
}

let reader: (() => TraceIds | undefined) | undefined;

export function readTraceIdsWith(read: (() => TraceIds | undefined) | undefined): void {
  reader = read;
}

export function currentTraceIds(): TraceIds | undefined {
  return reader?.();
}

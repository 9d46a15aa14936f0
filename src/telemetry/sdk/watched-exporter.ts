import { ExportResultCode, type ExportResult } from '@opentelemetry/core';
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace-base';
import type { Logger } from '../../log.ts';

/**
 * The OTLP exporter, watched: whether the collector took the last batch (so a shutdown can say
 * whether its spans went out), and one `warn` when exports start failing, one `info` when they
 * work again with the number of batches lost meanwhile. A collector that is down fails a batch
 * every OTEL_BSP_SCHEDULE_DELAY; a line (and a stack) each would bury the gateway's own logs.
 */
export class WatchedExporter implements SpanExporter {
  /** Batches that failed since the last one the collector took. */
  private failedBatches = 0;

  constructor(
    private readonly exporter: SpanExporter,
    private readonly log: Logger,
  ) {}

  /** False when the last batch sent was lost (true before any was sent). */
  get lastBatchSent(): boolean {
    return this.failedBatches === 0;
  }

  export(spans: ReadableSpan[], done: (result: ExportResult) => void): void {
    this.exporter.export(spans, (result) => {
      this.note(result);
      done(result);
    });
  }

  shutdown(): Promise<void> {
    return this.exporter.shutdown();
  }

  forceFlush(): Promise<void> {
    return this.exporter.forceFlush?.() ?? Promise.resolve();
  }

  private note(result: ExportResult): void {
    if (result.code === ExportResultCode.SUCCESS) {
      if (this.failedBatches > 0)
        this.log.info({ failedBatches: this.failedBatches }, 'tracing: the collector takes spans again');
      this.failedBatches = 0;
      return;
    }
    this.failedBatches += 1;
    if (this.failedBatches > 1) return;
    this.log.warn(
      // The reason only (a status, ECONNREFUSED, a timeout): no stack, no request, no header.
      { reason: reasonOf(result.error) },
      'tracing: the collector did not take a batch of spans; said once until it does again',
    );
  }
}

function reasonOf(error: Error | undefined): string {
  if (!error) return 'export failed';
  const code = (error as { code?: unknown }).code;
  return `${typeof code === 'string' || typeof code === 'number' ? `${code}: ` : ''}${error.message}`.slice(
    0,
    200,
  );
}

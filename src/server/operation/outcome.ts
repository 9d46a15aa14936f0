import { GraphQLError, type ExecutionResult } from 'graphql';
import type { Logger } from '../../log.ts';
import { endOperation } from '../../telemetry/spans.ts';
import type { GatewayMetrics } from '../metrics/metrics.ts';
import { isExpectedCode } from './format.ts';
import type { PreparedOperation } from './prepare.ts';

/** One operation as it ended, on any transport. */
export interface FinishedOperation {
  /** The name of the operation that ran (not the request's field), if it has one. */
  operationName?: string | null;
  /** query, mutation or subscription; undefined when no operation was found (a parse error). */
  type?: string;
  /** Every error of the answer, partial errors included, before formatting. */
  errors: readonly GraphQLError[];
  /** The answer has `data` beside its errors (outcome `partial` rather than `error`). */
  hasData: boolean;
}

/**
 * The end of every operation, whatever carried it: counted once in
 * `gateway_graphql_operations_total` (README, Operations) and its unexpected errors logged in
 * full, since clients only ever see "Internal server error". Over HTTP an Apollo plugin reports
 * here (apollo/use-operation-outcome.ts); over WebSocket and SSE, operation/execute.ts does. A
 * subscription counts once, when its stream starts or is refused; the errors of each of its
 * events are logged as they are resolved.
 */
export class OperationOutcomes {
  constructor(private readonly options: { metrics: GatewayMetrics; log: Logger }) {}

  record(finished: FinishedOperation): void {
    this.logUnexpected(finished.errors, finished.operationName);
    const outcome = finished.errors.length === 0 ? 'ok' : finished.hasData ? 'partial' : 'error';
    endOperation({ operationName: finished.operationName, type: finished.type, outcome });
    this.options.metrics.countOperation({
      operationName: finished.operationName ?? undefined,
      type: finished.type,
      outcome,
    });
  }

  /** An operation refused before it ran (prepare, scope check, a cap): its errors are its answer. */
  refused(prepared: PreparedOperation, errors: readonly GraphQLError[]): void {
    const ready = 'kind' in prepared ? prepared : undefined;
    this.record({ operationName: ready?.name, type: ready?.kind, errors, hasData: false });
  }

  /** Logs each error no code of the list explains, with its innermost cause. */
  logUnexpected(errors: readonly GraphQLError[], operationName: string | null | undefined): void {
    for (const error of errors) {
      if (isExpectedCode(error.extensions.code)) continue;
      // Resolvers wrap what they did not expect (graphql/errors.ts), and graphql-js wraps that
      // again with a path: the innermost error says what went wrong.
      let cause: Error = error;
      while (cause instanceof GraphQLError && cause.originalError) cause = cause.originalError;
      if (cause instanceof GraphQLError && cause.extensions.code !== 'INTERNAL_SERVER_ERROR') continue;
      this.options.log.error(
        { err: cause, operationName: operationName ?? undefined, path: error.path },
        'unexpected error in an operation',
      );
    }
  }
}

/** Errors one provider caused while others answered travel with the data. */
export function withPartialErrors(
  result: ExecutionResult,
  partialErrors: readonly GraphQLError[],
): ExecutionResult {
  if (partialErrors.length === 0) return result;
  return { ...result, errors: [...(result.errors ?? []), ...partialErrors] };
}

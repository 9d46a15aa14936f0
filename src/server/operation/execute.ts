import { createSourceEventStream, execute, type ExecutionResult } from 'graphql';
import { createExecutionContext, type RequestScope } from '../../graphql/context.ts';
import { traceLiveEvent, traceOperation, type CarrierHeaders } from '../../telemetry/spans.ts';
import { NEVER_ABORTED, startOperationDeadline } from './deadline.ts';
import { tagEventId } from './event-ids.ts';
import { mapEvents } from './event-stream.ts';
import { withPartialErrors, type OperationOutcomes } from './outcome.ts';
import type { ReadyOperation } from './prepare.ts';
import { sharedExecution, sharingKey } from './shared-execution.ts';

/**
 * Execution and outcome for the transports that do not go through Apollo (WebSocket, SSE): the
 * steps after `prepareOperation` and the scope check. Each execution (a query, a mutation, or one
 * event of a subscription) gets a context of its own (graphql/context.ts) with a deadline of its
 * own (operation/deadline.ts): an event that selects `messages` an hour into a subscription has
 * the full `deadlineMs` for its vendor calls, and never reads what an earlier event cached.
 */
export interface LiveOperation {
  ready: ReadyOperation;
  /** The connection's scope: principal, providers, live layer, page cache, delivery budget. */
  scope: RequestScope;
  /** Aborted when the connection closes. */
  connection: AbortSignal;
  /** REQUEST_TIMEOUT_MS: of one execution, never of a subscription as a whole. */
  deadlineMs: number;
  outcomes: OperationOutcomes;
  /** A subscription's cap slot, freed once, when its stream ends in any way. */
  onEnd?: () => void;
  /** Which transport carries it, and its request's headers (SSE), for its span (src/telemetry/). */
  transport: 'websocket' | 'sse';
  headers?: CarrierHeaders;
}

async function executeOnce(
  operation: LiveOperation,
  options: { parent: AbortSignal; rootValue?: unknown },
): Promise<ExecutionResult> {
  const deadline = startOperationDeadline({
    ms: operation.deadlineMs,
    parent: options.parent,
    caller: operation.scope.principal.id,
  });
  const context = createExecutionContext(operation.scope, deadline.signal, () => deadline.creationSignal);
  try {
    const result = await execute({
      ...operation.ready.args,
      rootValue: options.rootValue,
      contextValue: context,
    });
    return withPartialErrors(result, context.partialErrors);
  } finally {
    deadline.release();
  }
}

/** A query or mutation: one execution, one deadline, one count. */
export function executeOperation(operation: LiveOperation): Promise<ExecutionResult> {
  return traceOperation(traced(operation), async () => {
    const result = await executeOnce(operation, { parent: operation.connection });
    operation.outcomes.record({
      operationName: operation.ready.name,
      type: operation.ready.kind,
      errors: result.errors ?? [],
      hasData: Boolean(result.data),
    });
    return result;
  });
}

/**
 * A WebSocket subscription that joins the stream another one set up (streaming/broadcast-groups.ts):
 * it executes nothing of its own, yet is an operation like any other in the counts and the traces.
 * `joined` answers what refused the set-up, if anything.
 */
export function joinSubscription(
  operation: LiveOperation,
  joined: Promise<ExecutionResult | undefined>,
): Promise<ExecutionResult | undefined> {
  return traceOperation(traced(operation), async () => {
    const refusal = await joined;
    operation.outcomes.record({
      operationName: operation.ready.name,
      type: operation.ready.kind,
      errors: refusal?.errors ?? [],
      hasData: false,
    });
    return refusal;
  });
}

const traced = (operation: LiveOperation) => ({
  transport: operation.transport,
  headers: operation.headers,
});

/**
 * A subscription: the source stream (the `subscribe` resolver) is set up on the connection's
 * signal, then each event is resolved by an execution shared with every subscription of the same
 * document, variables and principal (operation/shared-execution.ts). That execution hangs from
 * no connection (one subscriber leaving must not abort the others'), only from its deadline.
 */
export function subscribeOperation(
  operation: LiveOperation,
): Promise<AsyncIterableIterator<ExecutionResult> | ExecutionResult> {
  return traceOperation(traced(operation), () => subscribeStream(operation));
}

async function subscribeStream(
  operation: LiveOperation,
): Promise<AsyncIterableIterator<ExecutionResult> | ExecutionResult> {
  const { ready, scope, outcomes, onEnd = () => undefined } = operation;
  const record = (result: ExecutionResult) =>
    outcomes.record({
      operationName: ready.name,
      type: ready.kind,
      errors: result.errors ?? [],
      hasData: false,
    });
  let source: AsyncIterable<unknown> | ExecutionResult;
  try {
    source = await createSourceEventStream({
      ...ready.args,
      contextValue: createExecutionContext(scope, operation.connection),
    });
  } catch (error) {
    onEnd();
    throw error;
  }
  if (!(Symbol.asyncIterator in source)) {
    onEnd();
    record(source);
    return source;
  }
  record({});
  const shareAs = sharingKey(ready, scope.principal);
  const resolveEvent = async (event: unknown) => {
    const result = await executeOnce(operation, { parent: NEVER_ABORTED, rootValue: event });
    outcomes.logUnexpected(result.errors ?? [], ready.name);
    return tagEventId(result, event);
  };
  return mapEvents(
    source[Symbol.asyncIterator](),
    (event) => sharedExecution(event, shareAs, () => traceLiveEvent(ready.name, () => resolveEvent(event))),
    onEnd,
  );
}

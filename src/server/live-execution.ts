import { createSourceEventStream, execute, type ExecutionArgs, type ExecutionResult } from 'graphql';
import { createGatewayContext, type GatewayContext } from '../graphql/context.ts';
import { setDeadline } from '../providers/resilience/deadline.ts';

/**
 * How operations run on a live connection (WebSocket, SSE). The context the transport builds is
 * the operation's *root*: its signal is the connection's, with no deadline, because a
 * subscription lasts as long as the client wants. Every execution (a query, a mutation, or one
 * event of a subscription) gets a context of its own, with a deadline of its own and fresh
 * loaders: an event that selects `messages` an hour into a subscription has the full
 * `deadlineMs` for its vendor calls, and never reads what an earlier event cached.
 */

/** A signal that aborts `ms` from now, or when `parent` does; `release` once the work is done. */
export function deadlineSignal(parent: AbortSignal, ms: number): { signal: AbortSignal; release(): void } {
  const controller = new AbortController();
  const abort = () => controller.abort(parent.reason);
  if (parent.aborted) abort();
  else parent.addEventListener('abort', abort, { once: true });
  const timer = setTimeout(() => controller.abort(new Error('deadline')), ms);
  timer.unref();
  // Retries and rate-limit queues read the instant, so they never wait past it (as over HTTP).
  setDeadline(controller.signal, Date.now() + ms);
  return {
    signal: controller.signal,
    release: () => {
      clearTimeout(timer);
      parent.removeEventListener('abort', abort);
    },
  };
}

/** The root context with this execution's signal and loaders; everything else (live, delivery, …) kept. */
function executionContext(root: GatewayContext, signal: AbortSignal): GatewayContext {
  const fresh = createGatewayContext(root.providers, signal);
  return { ...root, importLoader: fresh.importLoader, partialErrors: fresh.partialErrors, signal };
}

/** Errors one provider caused while others answered travel with the data, as over HTTP. */
function withPartialErrors(result: ExecutionResult, context: GatewayContext): ExecutionResult {
  if (context.partialErrors.length === 0) return result;
  return { ...result, errors: [...(result.errors ?? []), ...context.partialErrors] };
}

async function executeOnce(
  args: ExecutionArgs,
  root: GatewayContext,
  deadlineMs: number,
  rootValue?: unknown,
): Promise<ExecutionResult> {
  const deadline = deadlineSignal(root.signal, deadlineMs);
  const context = executionContext(root, deadline.signal);
  try {
    const result = await execute({ ...args, rootValue: rootValue ?? args.rootValue, contextValue: context });
    return withPartialErrors(result, context);
  } finally {
    deadline.release();
  }
}

/** A query or mutation: one execution, one deadline. `args.contextValue` is the root context. */
export function executeLive(args: ExecutionArgs, deadlineMs: number): Promise<ExecutionResult> {
  return executeOnce(args, args.contextValue as GatewayContext, deadlineMs);
}

/**
 * A subscription: the source stream (the `subscribe` resolver) runs on the root context, each
 * event is resolved by its own execution. `onEnd` runs once, synchronously, when the stream
 * ends in any way (completion, `return()` from the client's `complete`, an error), so a cap slot
 * is free before the client's next message is read.
 */
export async function subscribeLive(
  args: ExecutionArgs,
  deadlineMs: number,
  onEnd: () => void = () => undefined,
): Promise<AsyncIterableIterator<ExecutionResult> | ExecutionResult> {
  const root = args.contextValue as GatewayContext;
  let source: AsyncIterable<unknown> | ExecutionResult;
  try {
    source = await createSourceEventStream(args);
  } catch (error) {
    onEnd();
    throw error;
  }
  if (!(Symbol.asyncIterator in source)) {
    onEnd();
    return source;
  }
  return mapEvents(
    source[Symbol.asyncIterator](),
    (event) => executeOnce(args, root, deadlineMs, event),
    onEnd,
  );
}

/** graphql-js's own mapping of events to results, with `onEnd` and a context per event. */
function mapEvents(
  source: AsyncIterator<unknown>,
  resolve: (event: unknown) => Promise<ExecutionResult>,
  onEnd: () => void,
): AsyncIterableIterator<ExecutionResult> {
  let ended = false;
  const end = () => {
    if (ended) return;
    ended = true;
    onEnd();
  };
  const done = (): IteratorResult<ExecutionResult> => ({ value: undefined, done: true });
  return {
    async next() {
      try {
        const step = await source.next();
        if (step.done) {
          end();
          return done();
        }
        return { value: await resolve(step.value), done: false };
      } catch (error) {
        end();
        throw error;
      }
    },
    async return() {
      end();
      await source.return?.();
      return done();
    },
    async throw(error: unknown) {
      end();
      await source.return?.();
      throw error;
    },
    [Symbol.asyncIterator]() {
      return this;
    },
  };
}

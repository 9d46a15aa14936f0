import {
  createSourceEventStream,
  execute,
  type DocumentNode,
  type ExecutionArgs,
  type ExecutionResult,
} from 'graphql';
import { createGatewayContext, type GatewayContext } from '../graphql/context.ts';
import { setDeadline } from '../deadline.ts';

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
  /** The signal the deadline hangs from; default the root's (the connection's). */
  parent: AbortSignal = root.signal,
): Promise<ExecutionResult> {
  const deadline = deadlineSignal(parent, deadlineMs);
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
  const shareAs = sharingKey(args, root);
  return mapEvents(
    source[Symbol.asyncIterator](),
    (event) =>
      sharedExecution(event, shareAs, () => executeOnce(args, root, deadlineMs, event, NEVER_ABORTED)),
    onEnd,
  );
}

/**
 * One event resolved once for every subscription that asked for it with the same document,
 * variables and principal: a change of an import watched by 1,000 subscribers is executed once,
 * not 1,000 times (its nested vendor reads too), and each subscriber only gets it formatted and
 * sent. The live layer hands every subscriber of a change the same event object, which keys the
 * results; they go with the event once every queue has handed it out. A shared execution hangs
 * from no connection (one subscriber leaving must not abort the others'), only from its deadline.
 */
const sharedResults = new WeakMap<object, Map<string, Promise<ExecutionResult>>>();
const NEVER_ABORTED = new AbortController().signal;
const documentIds = new WeakMap<DocumentNode, number>();
let nextDocumentId = 0;

function sharingKey(args: ExecutionArgs, root: GatewayContext): string {
  let documentId = documentIds.get(args.document);
  if (documentId === undefined) documentIds.set(args.document, (documentId = nextDocumentId++));
  return JSON.stringify([
    documentId,
    args.operationName ?? null,
    root.principal.id,
    args.variableValues ?? {},
  ]);
}

export function sharedExecution(
  event: unknown,
  key: string,
  run: () => Promise<ExecutionResult>,
): Promise<ExecutionResult> {
  if (typeof event !== 'object' || event === null) return run();
  let results = sharedResults.get(event);
  if (!results) sharedResults.set(event, (results = new Map<string, Promise<ExecutionResult>>()));
  let result = results.get(key);
  if (!result) results.set(key, (result = run()));
  return result;
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

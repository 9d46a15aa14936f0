import type { ExecutionResult } from 'graphql';

/**
 * graphql-js's own mapping of a subscription's events to results, with `onEnd`, which runs once,
 * synchronously, when the stream ends in any way (completion, `return()` from the client's
 * `complete`, an error), so a cap slot is free before the client's next message is read.
 */
export function mapEvents(
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

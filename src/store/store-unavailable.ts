import { StoreOutageError } from '../imports/failures.ts';
import { traceStoreBatch } from '../telemetry/spans.ts';

/** What a Redis store says when Redis cannot be reached: the cause stays for the logs only. */
export class StoreUnavailableError extends StoreOutageError {
  constructor(cause: unknown) {
    super("The gateway's shared store (Redis) is not answering; try again shortly.", { cause });
    this.name = 'StoreUnavailableError';
  }
}

/**
 * Runs Redis commands for a store. A failure to reach Redis becomes StoreUnavailableError; a
 * server's refusal of a command (ReplyError: a wrong script or key type, so a bug) is rethrown as is.
 */
export async function storeCall<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await traceStoreBatch(work);
  } catch (error) {
    if (error instanceof Error && error.name === 'ReplyError') throw error;
    throw new StoreUnavailableError(error);
  }
}

import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * Runs a poll's or a lease round's work in the async context this module was loaded in, before
 * any request: no requestId (request-id.ts), no span (src/telemetry/). A timer runs in the context
 * it was armed in, and the watcher's and change poller's timers are first armed by whichever
 * subscription started a watch, then re-armed from each poll: without this, every later poll
 * would be that subscription's, in its trace and under its requestId (docs/OPERATIONS.md, Traces).
 */
export const inBackground = AsyncLocalStorage.snapshot();

import { Worker } from 'node:worker_threads';
import type { Logger } from './log.ts';

/** A stopping gateway is gone at most this long after SHUTDOWN_GRACE_MS (README, Operations). */
export const SHUTDOWN_OVERRUN_MS = 1_000;
/** Still closing at grace + 0.6 s: the process logs it and exits 1, if it still runs JavaScript. */
const EXIT_AFTER_GRACE_MS = 600;
/** Still there at grace + 0.8 s: the watchdog kills it, leaving time for the kill to land. */
const KILL_AFTER_GRACE_MS = 800;

/**
 * The watchdog, on a thread of its own with its own event loop. A timer on the main thread is not
 * enough: a synchronous write that blocks (a log destination nobody reads) or a loop that spins
 * stops every timer there. A worker cannot end the process by `process.exit` (that ends the
 * worker), so it sends the process SIGKILL, which nothing can catch or delay.
 */
const WATCHDOG = `
const { workerData } = require('node:worker_threads');
setTimeout(() => process.kill(workerData.pid, 'SIGKILL'), Math.max(0, workerData.killAt - Date.now()));
`;

/**
 * Arms the end of a shutdown that begins now: whatever the close waits for (a stuck store, a
 * vendor socket, a log write that blocks), the process is gone within `graceMs` +
 * SHUTDOWN_OVERRUN_MS. Neither timer keeps the process alive once its close is done.
 */
export function armShutdownDeadline(graceMs: number, log: Logger): void {
  const killAt = Date.now() + graceMs + KILL_AFTER_GRACE_MS;
  try {
    const watchdog = new Worker(WATCHDOG, {
      eval: true,
      // Not the parent's flags: `--import tsx` would load a TypeScript loader into the watchdog.
      execArgv: [],
      workerData: { pid: process.pid, killAt },
    });
    watchdog.on('error', (error) => log.warn({ err: error }, 'the shutdown watchdog failed'));
    watchdog.unref();
  } catch (error) {
    log.warn({ err: error }, 'could not start the shutdown watchdog');
  }
  setTimeout(() => {
    log.error({ graceMs }, 'shutdown did not finish in time; exiting');
    process.exit(1);
  }, graceMs + EXIT_AFTER_GRACE_MS).unref();
}

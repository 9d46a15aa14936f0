/**
 * The creations (createImport, trackImport) running in this process. A shutdown waits for them,
 * on every transport, for up to its grace period (SHUTDOWN_GRACE_MS, never shorter than
 * REQUEST_TIMEOUT_MS), since each one ends by its own deadline: a vendor import the gateway may
 * have made is written down before the stores close. Reads are not waited for here.
 */
export class CreationsInFlight {
  private readonly running = new Set<Promise<unknown>>();

  get size(): number {
    return this.running.size;
  }

  /** Runs `work`, counted as in flight until it settles. */
  run<T>(work: () => Promise<T>): Promise<T> {
    const promise = work();
    const settled = promise.then(
      () => undefined,
      () => undefined,
    );
    this.running.add(settled);
    void settled.then(() => this.running.delete(settled));
    return promise;
  }

  /** Resolves once nothing runs, or after `ms`; answers how many were still running then. */
  async settled(ms: number): Promise<number> {
    const deadline = Date.now() + Math.max(0, ms);
    while (this.running.size > 0 && Date.now() < deadline) {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<void>((resolve) => {
        timer = setTimeout(resolve, deadline - Date.now());
      });
      await Promise.race([Promise.all([...this.running]), timeout]);
      clearTimeout(timer);
    }
    return this.running.size;
  }
}

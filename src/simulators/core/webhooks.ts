import type { SimLogger } from './log.ts';

export interface WebhookTarget {
  url: string;
  secret: string;
}

export interface WebhookDelivery {
  /** The exact bytes to send; vendors sign the raw body. */
  body: string;
  headers: Record<string, string>;
}

const RETRY_DELAYS_MS = [250, 1_000, 4_000];

/**
 * Sends vendor webhooks to the URL set with `PUT /__sim/webhooks`. Deliveries are asynchronous
 * and retried a few times on failure, as the vendors do; a receiver's failure is logged and never
 * affects the simulator's API.
 */
export class WebhookSender {
  private target: WebhookTarget | undefined;
  private readonly inFlight = new Set<Promise<void>>();

  constructor(private readonly log: SimLogger) {}

  configure(target: WebhookTarget | undefined): void {
    this.target = target;
  }

  get configured(): WebhookTarget | undefined {
    return this.target;
  }

  send(build: (target: WebhookTarget) => WebhookDelivery): void {
    const target = this.target;
    if (!target) return;
    const delivery = build(target);
    const attempt = this.deliver(target.url, delivery).finally(() => this.inFlight.delete(attempt));
    this.inFlight.add(attempt);
  }

  /** Resolves when every delivery started so far has succeeded or given up. */
  async drain(): Promise<void> {
    await Promise.all([...this.inFlight]);
  }

  private async deliver(url: string, delivery: WebhookDelivery): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      try {
        const response = await fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...delivery.headers },
          body: delivery.body,
          signal: AbortSignal.timeout(5_000),
        });
        await response.arrayBuffer();
        if (response.ok) return;
        this.log.warn(`webhook to ${url} answered ${response.status}`);
      } catch (error) {
        this.log.warn(`webhook to ${url} failed: ${(error as Error).message}`);
      }
      const delay = RETRY_DELAYS_MS[attempt];
      if (delay === undefined) return;
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }
}

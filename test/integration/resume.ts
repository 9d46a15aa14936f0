import { expect } from 'vitest';
import type { GatewayUnderTest } from '../support/gateway.ts';
import { WEBHOOK_SECRETS } from '../support/secrets.ts';
import { addCommerceLayerImport, type ChangeView, type Subscription } from '../support/live-clients.ts';

/** importsChanged with the two fields a resuming client needs. */
export const RESUMABLE_CHANGES = `subscription ($filter: ImportFilter, $after: String) {
  importsChanged(filter: $filter, after: $after) {
    kind previousStatus eventId occurredAt
    import { id provider providerId status updatedAt counts { processed } }
  }
}`;

/** The same without `eventId`: over SSE the id comes in the event's `id:` field anyway. */
export const CHANGES_WITHOUT_ID = `subscription ($filter: ImportFilter) {
  importsChanged(filter: $filter) {
    kind previousStatus
    import { id provider providerId status updatedAt counts { processed } }
  }
}`;

export const COMMERCE_LAYER_ONLY = { providers: ['COMMERCE_LAYER'] };

export type LoggedView = ChangeView & { eventId: string; occurredAt: string };
export type Changes = Subscription<{ importsChanged: LoggedView }>;

export const changesOf = (subscription: Changes) => subscription.data.map((data) => data.importsChanged);

export const idsOf = (subscription: Changes) => changesOf(subscription).map((change) => change.eventId);

/** [kind, previousStatus, status] of one import's changes, in the order they came. */
export const transitionsOf = (changes: LoggedView[] | ChangeView[], providerId: string) =>
  changes
    .filter((change) => change.import.providerId === providerId)
    .map((change) => [change.kind, change.previousStatus, change.import.status]);

/** Whether the subscription has seen the import in this status. */
export const sawStatus = (changes: ChangeView[], providerId: string, status: string) =>
  changes.some((change) => change.import.providerId === providerId && change.import.status === status);

/** Points the Commerce Layer simulator's webhooks at one gateway instance. */
export async function sendWebhooksTo(gateway: GatewayUnderTest, url: string): Promise<void> {
  await gateway.control('commercelayer', 'PUT', '/__sim/webhooks', {
    url: `${url}/webhooks/commercelayer`,
    secret: WEBHOOK_SECRETS.commerceLayer,
  });
}

/**
 * Adds imports until the subscription has seen one (its creation webhook or a change poll tells
 * it): a subscription is live only once the gateway processed it, which no message says.
 */
export async function untilLive(
  gateway: GatewayUnderTest,
  subscription: Subscription<unknown>,
): Promise<void> {
  for (let attempt = 0; attempt < 10; attempt++) {
    await addCommerceLayerImport(gateway);
    try {
      return await subscription.until((s) => s.results.length > 0, 2_000);
    } catch {
      // not live yet: one more
    }
  }
  throw new Error('the subscription never saw an event');
}

/** Ids strictly increasing in the log's order (`<ms>-<seq>`), so none came twice or out of order. */
export function expectIncreasing(ids: string[]): void {
  const positions = ids.map((id) => id.split('-').map(Number) as [number, number]);
  for (let index = 1; index < positions.length; index++) {
    const [ms, seq] = positions[index]!;
    const [lastMs, lastSeq] = positions[index - 1]!;
    expect(ms > lastMs || (ms === lastMs && seq > lastSeq), `${ids[index - 1]} then ${ids[index]}`).toBe(
      true,
    );
  }
}

import type { GatewayContext } from '../../context.ts';
import type { DeliveryBudget } from '../../../live/event-queue.ts';
import type { LiveImports } from '../../../live/live-imports.ts';
import { unsupportedOperation } from '../../errors.ts';

/** Subscriptions need the live layer, which only the WebSocket and SSE transports provide. */
export function liveOf(context: GatewayContext): { live: LiveImports; delivery: DeliveryBudget } {
  if (!context.live || !context.delivery) {
    throw unsupportedOperation(
      'Subscriptions run over WebSocket (graphql-transport-ws at /graphql) or SSE (/graphql/stream).',
    );
  }
  return { live: context.live, delivery: context.delivery };
}

import type { GatewayContext } from '../../context.ts';
import { checkChangeFilter, InvalidChangeFilter, type ChangeFilter } from '../../../live/change-filter.ts';
import type { LoggedChange } from '../../../imports/change.ts';
import { EventsExpiredError, InvalidEventIdError } from '../../../store/event-log.ts';
import { badUserInput } from '../../errors.ts';
import type { SubscriptionResolvers } from '../../resolvers.generated.ts';
import { conditionsOf, idsOf } from '../import-filter.ts';
import { liveOf } from './live-context.ts';

/**
 * Every change of every import the filter selects, from now on or from after `after` (over SSE,
 * the stream's `Last-Event-ID` when `after` is absent). The two refusals of `after` are told apart
 * by `extensions.reason`, so a client knows to refetch rather than fix its request.
 */
export const importsChanged: NonNullable<SubscriptionResolvers['importsChanged']> = {
  subscribe: async (_parent, { filter, after }, context) => {
    const { live, delivery } = liveOf(context);
    const conditions: ChangeFilter = {
      ...conditionsOf(filter),
      providers: filter?.providers ?? undefined,
      ids: idsOf(filter, context.providers),
    };
    try {
      checkChangeFilter(conditions);
      return await live.importsChanged(conditions, delivery, after ?? context.lastEventId);
    } catch (error) {
      if (error instanceof InvalidChangeFilter) throw badUserInput(error.message);
      if (error instanceof EventsExpiredError)
        throw badUserInput(error.message, { extensions: { reason: 'EVENTS_EXPIRED' } });
      if (error instanceof InvalidEventIdError)
        throw badUserInput(error.message, { extensions: { reason: 'INVALID_EVENT_ID' } });
      throw error;
    }
  },
  resolve: (change: LoggedChange | undefined, _args: unknown, context: GatewayContext) => {
    // Without a live transport (a subscription POSTed to /graphql) there is no event: say why.
    liveOf(context);
    return change!;
  },
};

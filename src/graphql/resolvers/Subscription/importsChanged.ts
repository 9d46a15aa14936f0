import type { GatewayContext } from '../../context.ts';
import { checkChangeFilter, InvalidChangeFilter, type ChangeFilter } from '../../../live/change-filter.ts';
import type { ImportChange } from '../../../imports/change.ts';
import { badUserInput } from '../../errors.ts';
import type { SubscriptionResolvers } from '../../resolvers.generated.ts';
import { conditionsOf } from '../import-filter.ts';
import { liveOf } from './live-context.ts';

/** Every change of every import the filter selects, from now on. */
export const importsChanged: NonNullable<SubscriptionResolvers['importsChanged']> = {
  subscribe: (_parent, { filter }, context) => {
    const { live, delivery } = liveOf(context);
    const conditions: ChangeFilter = { ...conditionsOf(filter), providers: filter?.providers ?? undefined };
    try {
      checkChangeFilter(conditions);
    } catch (error) {
      if (error instanceof InvalidChangeFilter) throw badUserInput(error.message);
      throw error;
    }
    return live.importsChanged(conditions, delivery);
  },
  resolve: (change: ImportChange | undefined, _args: unknown, context: GatewayContext) => {
    // Without a live transport (a subscription POSTed to /graphql) there is no event: say why.
    liveOf(context);
    return change!;
  },
};

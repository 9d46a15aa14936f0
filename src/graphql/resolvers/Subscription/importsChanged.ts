import type { GatewayContext } from '../../context.ts';
import { checkChangeFilter, InvalidChangeFilter, type ChangeFilter } from '../../../live/change-filter.ts';
import type { ImportChange } from '../../../live/change.ts';
import { badUserInput } from '../../errors.ts';
import type { ImportFilter, SubscriptionResolvers } from '../../resolvers.generated.ts';
import { liveOf } from './live-context.ts';

function changeFilterOf(filter: ImportFilter | null | undefined): ChangeFilter {
  if (!filter) return {};
  const instant = (value: Date | null | undefined) => value?.getTime();
  return {
    providers: filter.providers ?? undefined,
    statuses: filter.statuses ?? undefined,
    resourceTypes: filter.resourceTypes ?? undefined,
    createdAfter: instant(filter.createdAfter),
    createdBefore: instant(filter.createdBefore),
    updatedAfter: instant(filter.updatedAfter),
    updatedBefore: instant(filter.updatedBefore),
  };
}

/** Every change of every import the filter selects, from now on. */
export const importsChanged: NonNullable<SubscriptionResolvers['importsChanged']> = {
  subscribe: (_parent, { filter }, context) => {
    const { live, delivery } = liveOf(context);
    const conditions = changeFilterOf(filter);
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

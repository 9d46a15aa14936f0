import type { GatewayContext } from '../../context.ts';
import { InvalidGlobalIdError, type ImportGlobalRef } from '../../../imports/global-id.ts';
import type { ImportUpdate } from '../../../live/live-imports.ts';
import { providerLabel } from '../../../imports/provider-labels.ts';
import { checkImportId } from '../../../imports/vendor-ids.ts';
import { asGraphQLError, badUserInput, notFound } from '../../errors.ts';
import type { SubscriptionResolvers } from '../../resolvers.generated.ts';
import { liveOf } from './live-context.ts';

/**
 * The import's current state, then each change until a terminal state. Problems found before the
 * first event (a malformed or unknown id, a vendor id off its provider's format, a failing vendor)
 * end the subscription with that error; a deletion seen later is a NOT_FOUND event, then completion.
 */
export const importUpdated: NonNullable<SubscriptionResolvers['importUpdated']> = {
  subscribe: async (_parent, { id }, context) => {
    const { live, delivery } = liveOf(context);
    let reference: ImportGlobalRef;
    try {
      reference = checkImportId(id, context.providers);
    } catch (error) {
      if (error instanceof InvalidGlobalIdError) throw badUserInput(error.message);
      throw error;
    }
    const label = providerLabel(reference.provider);
    if (!context.providers.get(reference.provider))
      throw notFound(`No import with this id: ${label} is not enabled on this gateway.`);
    let updates;
    try {
      updates = await live.importUpdated(reference, delivery);
    } catch (error) {
      throw asGraphQLError(error);
    }
    if (!updates) throw notFound(`No ${label} import has this id (it may have been deleted).`);
    return updates;
  },
  resolve: (update: ImportUpdate | undefined, _args: unknown, context: GatewayContext) => {
    // Without a live transport (a subscription POSTed to /graphql) there is no event: say why.
    liveOf(context);
    if (!update) throw notFound('No event.');
    if ('deleted' in update) throw notFound('The import was deleted.');
    return update.import;
  },
};

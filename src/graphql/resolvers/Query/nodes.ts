import type { QueryResolvers } from '../../resolvers.generated.ts';
import { badUserInput } from '../../errors.ts';
import { loadImportByGlobalId } from '../load-import.ts';
import { MAX_LOOKUP_IDS } from '../../../imports/id-lookup.ts';

/**
 * Each id resolves on its own promise, so one unknown or failing id is a null with an error at its
 * index rather than a failed list; the loader still batches them into one call per provider.
 */
export const nodes: NonNullable<QueryResolvers['nodes']> = (_parent, { ids }, context) => {
  if (ids.length > MAX_LOOKUP_IDS)
    throw badUserInput(`\`ids\` takes at most ${MAX_LOOKUP_IDS} ids, got ${ids.length}.`);
  return ids.map((id) => loadImportByGlobalId(id, context));
};

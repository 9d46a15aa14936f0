import type { MutationResolvers } from '../../resolvers.generated.ts';
import { attempt, targetImport, userErrorsOf } from './user-errors.ts';

export const deleteImport: NonNullable<MutationResolvers['deleteImport']> = async (
  _parent,
  { input },
  context,
) => {
  const target = await targetImport(context, input.id, 'DELETE');
  if ('problem' in target || !target.source.delete) {
    return { deletedId: null, userErrors: userErrorsOf('problem' in target ? [target.problem] : []) };
  }
  const { source, item } = target;
  const outcome = await attempt(context, () => source.delete!(item, context.signal));
  if ('problem' in outcome) return { deletedId: null, userErrors: userErrorsOf([outcome.problem]) };
  // The vendor has deleted it, so the mutation succeeded whatever happens here; a watch that is
  // not told will notice at its next poll.
  await context.live?.deleted(item).catch(() => undefined);
  return { deletedId: input.id, userErrors: [] };
};

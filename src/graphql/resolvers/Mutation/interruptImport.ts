import type { MutationResolvers } from '../../resolvers.generated.ts';
import { attempt, targetImport, userErrorsOf } from './user-errors.ts';

export const interruptImport: NonNullable<MutationResolvers['interruptImport']> = async (
  _parent,
  { input },
  context,
) => {
  const target = await targetImport(context, input.id, 'INTERRUPT');
  if ('problem' in target || !target.source.interrupt) {
    return { import: null, userErrors: userErrorsOf('problem' in target ? [target.problem] : []) };
  }
  const { source, item } = target;
  const outcome = await attempt(context, () => source.interrupt!(item, context.signal));
  if ('problem' in outcome) return { import: null, userErrors: userErrorsOf([outcome.problem]) };
  return { import: outcome.value, userErrors: [] };
};

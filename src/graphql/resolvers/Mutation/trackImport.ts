import { problem } from '../../../imports/import-operations.ts';
import { providerLabel } from '../../../imports/provider-labels.ts';
import type { MutationResolvers } from '../../resolvers.generated.ts';
import { asCreation } from './as-creation.ts';
import { attempt, checkedProviderId, sourceFor, userErrorsOf } from './user-errors.ts';

export const trackImport: NonNullable<MutationResolvers['trackImport']> = async (
  _parent,
  { input },
  context,
) => {
  const found = sourceFor(context, { provider: input.provider, capability: 'TRACK', field: ['provider'] });
  if ('problem' in found || !found.source.track) {
    return { import: null, userErrors: userErrorsOf('problem' in found ? [found.problem] : []) };
  }
  const { source } = found;
  const checked = checkedProviderId(source, input.providerId, ['providerId']);
  if ('problem' in checked) return { import: null, userErrors: userErrorsOf([checked.problem]) };
  const { providerId } = checked;
  const options = input.idempotencyKey == null ? {} : { idempotencyKey: input.idempotencyKey };
  const outcome = await attempt(context, () =>
    asCreation(context, (signal) => source.track!(providerId, signal, options)),
  );
  if ('problem' in outcome) return { import: null, userErrors: userErrorsOf([outcome.problem]) };
  if (!outcome.value) {
    const missing = problem(
      'NOT_FOUND',
      `${providerLabel(input.provider)} has no import job ${providerId}.`,
      ['providerId'],
    );
    return { import: null, userErrors: userErrorsOf([missing]) };
  }
  return { import: outcome.value, userErrors: [] };
};

import type { CreateImportRequest } from '../../../imports/import-operations.ts';
import type { CreateImportInput, MutationResolvers } from '../../resolvers.generated.ts';
import { asCreation } from './as-creation.ts';
import { attempt, sourceFor, userErrorsOf } from './user-errors.ts';

/** The input in domain terms: fields left out or null are absent, so providers can tell them apart. */
function requestOf(input: CreateImportInput): CreateImportRequest {
  const request: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(input)) {
    if (name !== 'provider' && value !== null && value !== undefined) request[name] = value;
  }
  return request;
}

export const createImport: NonNullable<MutationResolvers['createImport']> = async (
  _parent,
  { input },
  context,
) => {
  const found = sourceFor(context, { provider: input.provider, capability: 'CREATE', field: ['provider'] });
  if ('problem' in found || !found.source.create) {
    const problems = 'problem' in found ? [found.problem] : [];
    return { import: null, imports: [], userErrors: userErrorsOf(problems) };
  }
  const { source } = found;
  const outcome = await attempt(context, () =>
    asCreation(context, (signal) => source.create!(requestOf(input), signal)),
  );
  if ('problem' in outcome) return { import: null, imports: [], userErrors: userErrorsOf([outcome.problem]) };
  const { imports, problems } = outcome.value;
  return { import: imports[0] ?? null, imports, userErrors: userErrorsOf(problems) };
};

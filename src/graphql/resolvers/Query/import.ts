import type { QueryResolvers } from '../../resolvers.generated.ts';
import { loadImportByGlobalId } from '../load-import.ts';

export const importResolver: NonNullable<QueryResolvers['import']> = (_parent, { id }, context) =>
  loadImportByGlobalId(id, context);

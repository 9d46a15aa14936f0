import type { QueryResolvers } from '../../resolvers.generated.ts';
import { loadImportByGlobalId } from '../load-import.ts';

export const node: NonNullable<QueryResolvers['node']> = (_parent, { id }, context) =>
  loadImportByGlobalId(id, context);

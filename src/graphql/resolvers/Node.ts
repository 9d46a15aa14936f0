import type { NodeResolvers } from '../resolvers.generated.ts';

/** Imports are the only nodes so far. */
export const Node: NodeResolvers = {
  __resolveType: () => 'Import',
};

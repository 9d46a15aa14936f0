import { InvalidConnectionArgument, loadImportConnection } from '../../../imports/connection.ts';
import { badUserInput, upstreamGraphQLError } from '../../errors.ts';
import type { QueryResolvers } from '../../resolvers.generated.ts';
import { conditionsOf, idsOf } from '../import-filter.ts';

export const imports: NonNullable<QueryResolvers['imports']> = async (_parent, args, context, info) => {
  try {
    const connection = await loadImportConnection(
      context.providers.enabled,
      {
        first: args.first,
        after: args.after,
        last: args.last,
        before: args.before,
        providers: args.filter?.providers,
        known: context.providers.known,
        conditions: conditionsOf(args.filter),
        ids: idsOf(args.filter, context.providers),
        orderBy: args.orderBy,
      },
      context.signal,
      context.pageCache && { pages: context.pageCache, scope: context.principal.id },
    );
    // One provider failing does not fail the page: its error travels beside the others' edges.
    const path = [info.path.key];
    for (const failure of connection.failures)
      context.partialErrors.push(upstreamGraphQLError(failure, path));
    return connection;
  } catch (error) {
    if (error instanceof InvalidConnectionArgument) throw badUserInput(error.message);
    throw error;
  }
};

import type { GraphQLResolveInfo } from 'graphql';
import type { ImportConnectionResult } from '../../imports/connection.ts';
import type { GatewayContext } from '../context.ts';
import { upstreamGraphQLError } from '../errors.ts';
import type { ImportConnectionResolvers } from '../resolvers.generated.ts';

type Total = Awaited<ReturnType<ImportConnectionResult['total']>>;

/**
 * Counting may cost vendor calls, so it happens only when totalCount, its precision or its flag
 * is selected, once.
 */
const totals = new WeakMap<ImportConnectionResult, Promise<Total>>();

function total(connection: ImportConnectionResult, context: GatewayContext, info: GraphQLResolveInfo) {
  let pending = totals.get(connection);
  if (!pending) {
    pending = connection.total();
    totals.set(connection, pending);
    const path = [info.path.prev?.key ?? 'imports', 'totalCount'];
    void pending.then(({ failures }) => {
      for (const failure of failures) context.partialErrors.push(upstreamGraphQLError(failure, path));
    });
  }
  return pending;
}

export const ImportConnection: ImportConnectionResolvers = {
  nodes: (connection) => connection.edges.map((edge) => edge.node),
  totalCount: async (connection, _args, context, info) =>
    (await total(connection, context, info)).count.count,
  totalCountIsEstimate: async (connection, _args, context, info) =>
    (await total(connection, context, info)).count.estimate,
  totalCountPrecision: async (connection, _args, context, info) =>
    (await total(connection, context, info)).precision,
};

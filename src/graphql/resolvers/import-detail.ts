import { responsePathAsArray, type GraphQLResolveInfo } from 'graphql';
import {
  InvalidDetailArgument,
  loadDetailConnection,
  unavailableConnection,
  type DetailConnectionResult,
} from '../../imports/detail-connection.ts';
import type {
  DetailKind,
  DetailPage,
  DetailPageRequest,
  ImportMessageSeverity,
} from '../../imports/detail.ts';
import type { Import } from '../../imports/model.ts';
import { UpstreamError } from '../../providers/http/upstream-error.ts';
import type { GatewayContext } from '../context.ts';
import { asGraphQLError, badUserInput, upstreamGraphQLError } from '../errors.ts';
import type { ImportResolvers } from '../resolvers.generated.ts';

interface Args {
  first?: number | null;
  after?: string | null;
  severities?: readonly ImportMessageSeverity[] | null;
}

/**
 * `messages` and `records` are non-null fields of every import, so an error thrown here would null
 * the import, and in a list the whole `imports` connection. A vendor failure therefore answers an
 * empty connection (`available: false`, with the reason) and travels in `errors` with this field's
 * path, as a failing provider does in a list. A bad `first` or cursor is the caller's to fix and
 * stays an error.
 */
async function serve<T>(field: {
  item: Import;
  kind: DetailKind;
  args: Args;
  context: GatewayContext;
  info: GraphQLResolveInfo;
  read: ((request: DetailPageRequest) => Promise<DetailPage<T>>) | undefined;
}): Promise<DetailConnectionResult<T>> {
  const { item, kind, args, context, info, read } = field;
  try {
    return await loadDetailConnection(item, kind, args, read);
  } catch (error) {
    if (error instanceof InvalidDetailArgument) throw badUserInput(error.message);
    if (!(error instanceof UpstreamError)) throw asGraphQLError(error);
    context.partialErrors.push(upstreamGraphQLError(error, responsePathAsArray(info.path)));
    return unavailableConnection(error.message);
  }
}

/** A provider without the capability answers an empty connection (`available: false`), never an error. */
export const messages: NonNullable<ImportResolvers['messages']> = (item, args, context, info) => {
  const source = context.providers.get(item.provider);
  const read =
    source?.messages && source.capabilities.has('MESSAGES')
      ? (request: DetailPageRequest) => source.messages!(item, request, context.signal)
      : undefined;
  return serve({ item, kind: 'messages', args, context, info, read });
};

export const records: NonNullable<ImportResolvers['records']> = (item, args, context, info) => {
  const source = context.providers.get(item.provider);
  const read =
    source?.records && source.capabilities.has('RECORDS')
      ? (request: DetailPageRequest) => source.records!(item, request, context.signal)
      : undefined;
  return serve({ item, kind: 'records', args, context, info, read });
};

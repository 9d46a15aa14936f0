import {
  InvalidDetailArgument,
  loadDetailConnection,
  type DetailConnectionResult,
} from '../../imports/detail-connection.ts';
import type { DetailKind, DetailPage, DetailPageRequest } from '../../imports/detail.ts';
import type { Import } from '../../imports/model.ts';
import { asGraphQLError, badUserInput } from '../errors.ts';
import type { ImportResolvers } from '../resolvers.generated.ts';

interface Args {
  first?: number | null;
  after?: string | null;
}

async function serve<T>(
  item: Import,
  kind: DetailKind,
  args: Args,
  read: ((request: DetailPageRequest) => Promise<DetailPage<T>>) | undefined,
): Promise<DetailConnectionResult<T>> {
  try {
    return await loadDetailConnection(item, kind, args, read);
  } catch (error) {
    if (error instanceof InvalidDetailArgument) throw badUserInput(error.message);
    throw asGraphQLError(error);
  }
}

/** A provider without the capability answers an empty connection (`available: false`), never an error. */
export const messages: NonNullable<ImportResolvers['messages']> = (item, args, context) => {
  const source = context.providers.get(item.provider);
  const read =
    source?.messages && source.capabilities.has('MESSAGES')
      ? (request: DetailPageRequest) => source.messages!(item, request, context.signal)
      : undefined;
  return serve(item, 'messages', args, read);
};

export const records: NonNullable<ImportResolvers['records']> = (item, args, context) => {
  const source = context.providers.get(item.provider);
  const read =
    source?.records && source.capabilities.has('RECORDS')
      ? (request: DetailPageRequest) => source.records!(item, request, context.signal)
      : undefined;
  return serve(item, 'records', args, read);
};

import type { QueryResolvers } from '../../resolvers.generated.ts';

export const providers: NonNullable<QueryResolvers['providers']> = (_parent, _args, context) =>
  context.providers.info();

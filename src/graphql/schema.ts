import { makeExecutableSchema } from '@graphql-tools/schema';
import type { GraphQLSchema } from 'graphql';
import type { VendorModule } from '../providers/vendor-module.ts';
import { VENDORS } from '../providers/vendors.ts';
import { PROVIDER_ENUM_FILE, providerEnumSdl } from './provider-enum.ts';
import { resolvers } from './resolvers/index.ts';
import { readTypeDefs } from './type-defs.ts';

/** `vendors`: default VENDORS, whose schema is the public one (schema/); one value of `ImportProvider` each. */
export function buildGatewaySchema({
  vendors = VENDORS,
}: { vendors?: readonly VendorModule[] } = {}): GraphQLSchema {
  return gatewaySchemaOf(readTypeDefs({ [PROVIDER_ENUM_FILE]: providerEnumSdl(vendors) }));
}

/**
 * The SDL with the gateway's resolvers. The scalars' resolvers bring their own descriptions, so
 * this, not the SDL alone, is what is served and printed (scripts/printed-schema.ts).
 */
export function gatewaySchemaOf(typeDefs: string[]): GraphQLSchema {
  return makeExecutableSchema({ typeDefs, resolvers: resolvers as never });
}

/** The schema file the enum is written to, among schema/*.graphql. */
export const PROVIDER_ENUM_FILE = 'import-provider.generated.graphql';

/**
 * The SDL of `ImportProvider`, one value per vendor in the order given. `npm run codegen` writes it
 * for VENDORS to schema/ (so the SDL there is the public schema, whole); a gateway builds its
 * schema with the vendors it is given (src/graphql/schema.ts).
 */
export function providerEnumSdl(vendors: readonly { provider: string }[]): string {
  return [
    '# Generated from VENDORS (src/providers/vendors.ts) by `npm run codegen`. Do not edit: run `npm run codegen`.',
    '"The vendor an import runs in."',
    'enum ImportProvider {',
    ...vendors.map(({ provider }) => `  ${provider}`),
    '}',
    '',
  ].join('\n');
}

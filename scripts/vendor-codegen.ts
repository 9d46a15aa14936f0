/**
 * What `npm run codegen` writes from VENDORS (src/providers/vendors.ts), besides the resolver
 * types: the GraphQL enum `ImportProvider` (schema/) and the domain's list of providers, their
 * labels and their order (src/imports/), which the domain cannot import from the vendors' layer
 * (docs/ARCHITECTURE.md, Adding a vendor).
 */
import { PROVIDER_ENUM_FILE, providerEnumSdl } from '../src/graphql/provider-enum.ts';
import { VENDORS } from '../src/providers/vendors.ts';

export const PROVIDER_ENUM_SDL = providerEnumSdl(VENDORS);

/** A string literal as Prettier writes it here, so the file passes `npm run format:check`. */
const quoted = (text: string) => `'${text.replace(/[\\']/g, (character) => `\\${character}`)}'`;

function domainProviders(): string {
  const entries = VENDORS.map(
    ({ provider, label }) => `  { provider: ${quoted(provider)}, label: ${quoted(label)} },`,
  );
  return [
    '// Generated from VENDORS (src/providers/vendors.ts) by `npm run codegen`. Do not edit: run `npm run codegen`.',
    'export const GENERATED_PROVIDERS = [',
    ...entries,
    '] as const;',
    '',
  ].join('\n');
}

/** The schema files made from VENDORS, by their name in schema/ (what readTypeDefs takes). */
export const VENDOR_SCHEMA_FILES = { [PROVIDER_ENUM_FILE]: PROVIDER_ENUM_SDL };

export function vendorFiles(): { filename: string; content: string }[] {
  return [
    { filename: `schema/${PROVIDER_ENUM_FILE}`, content: PROVIDER_ENUM_SDL },
    { filename: 'src/imports/providers.generated.ts', content: domainProviders() },
  ];
}

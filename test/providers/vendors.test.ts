import { readFileSync } from 'node:fs';
import { makeExecutableSchema } from '@graphql-tools/schema';
import type { GraphQLEnumType } from 'graphql';
import { printSchema } from 'graphql';
import { describe, expect, it } from 'vitest';
import { buildGatewaySchema } from '../../src/graphql/schema.ts';
import { readTypeDefs } from '../../src/graphql/type-defs.ts';
import { resolvers } from '../../src/graphql/resolvers/index.ts';
import { IMPORT_PROVIDERS } from '../../src/imports/model.ts';
import { providerLabel } from '../../src/imports/provider-labels.ts';
import { VENDORS } from '../../src/providers/vendors.ts';
import { webhookPaths } from '../../src/providers/webhook-catalog.ts';
import { fourthVendor } from '../support/fourth-vendor/vendor.ts';

const providerValues = (schema: ReturnType<typeof buildGatewaySchema>) =>
  (schema.getType('ImportProvider') as GraphQLEnumType).getValues().map((value) => value.name);

describe('VENDORS', () => {
  it('name each provider, settings key and webhook path once', () => {
    for (const field of ['provider', 'label'] as const) {
      expect(new Set(VENDORS.map((vendor) => vendor[field])).size).toBe(VENDORS.length);
    }
    expect(new Set(VENDORS.map((vendor) => vendor.settings.key)).size).toBe(VENDORS.length);
    expect(webhookPaths()).toEqual({
      '/webhooks/fleetio': 'FLEETIO',
      '/webhooks/commercelayer': 'COMMERCE_LAYER',
    });
  });

  it('give the domain its providers, their order and their labels', () => {
    expect(IMPORT_PROVIDERS.slice(0, VENDORS.length)).toEqual(VENDORS.map((vendor) => vendor.provider));
    for (const vendor of VENDORS) expect(providerLabel(vendor.provider)).toBe(vendor.label);
  });

  it('make the ImportProvider enum of the served schema, which is the SDL of schema/ as committed', () => {
    const served = buildGatewaySchema();
    expect(providerValues(served)).toEqual(VENDORS.map((vendor) => vendor.provider));
    const committed = makeExecutableSchema({ typeDefs: readTypeDefs(), resolvers: resolvers as never });
    expect(printSchema(served)).toBe(printSchema(committed));
    expect(
      readFileSync(new URL('../../schema/import-provider.generated.graphql', import.meta.url), 'utf8'),
    ).toMatch(/^# Generated from VENDORS/);
  });

  it('built with one more vendor, the schema has one more enum value and is otherwise the same', () => {
    const extended = buildGatewaySchema({ vendors: [...VENDORS, fourthVendor] });
    expect(providerValues(extended)).toEqual([
      ...VENDORS.map((vendor) => vendor.provider),
      fourthVendor.provider,
    ]);
    const withoutValue = printSchema(extended).replace(`  ${fourthVendor.provider}\n`, '');
    expect(withoutValue).toBe(printSchema(buildGatewaySchema()));
  });
});

import { encodeImportId } from '../../src/imports/global-id.ts';
import type { GatewayUnderTest } from './gateway.ts';

/**
 * Adds a settled Commerce Layer import through the simulator's `POST /__sim/imports` (vendor
 * attribute names; a completed `skus` import of 10 inputs unless `attributes` say otherwise) and
 * answers the global id the gateway gives it.
 */
export async function addSettledCommerceLayerImport(
  under: GatewayUnderTest,
  attributes: Record<string, unknown> & { created_at: string },
): Promise<string> {
  const added = await under.control<{ id: string; attributes: { created_at: string } }>(
    'commercelayer',
    'POST',
    '/__sim/imports',
    { status: 'completed', resource_type: 'skus', inputs_size: 10, ...attributes },
  );
  return encodeImportId({
    provider: 'COMMERCE_LAYER',
    providerId: added.id,
    createdAt: new Date(added.attributes.created_at),
  });
}

/** Vendor requests each simulator served since the last `resetStats`, leaving out token requests. */
export async function vendorRequests(under: GatewayUnderTest): Promise<Record<string, number>> {
  const stats = await under.stats();
  return Object.fromEntries(
    Object.entries(stats).map(([provider, routes]) => [
      provider,
      Object.entries(routes)
        .filter(([route]) => !route.includes('/oauth/token'))
        .reduce((sum, [, count]) => sum + count, 0),
    ]),
  );
}

import type { GatewayUnderTest } from '../support/gateway.ts';

/** An import as the vendors' ground truth names it, with the instants the gateway orders by. */
export interface TruthItem {
  provider: 'FLEETIO' | 'SAILPOINT' | 'COMMERCE_LAYER';
  providerId: string;
  createdAt: number;
  updatedAt: number;
}

const RANK = { FLEETIO: 0, SAILPOINT: 1, COMMERCE_LAYER: 2 };

/**
 * Reads `GET /__sim/imports` of every simulator. Written from the vendors' documented shapes, not
 * from the gateway's mappers, so the tests do not check the gateway against itself.
 */
export async function groundTruth(gateway: GatewayUnderTest): Promise<TruthItem[]> {
  const [fleetio, sailpoint, commerce] = await Promise.all([
    gateway.control<{ id: number; created_at: string; updated_at: string }[]>(
      'fleetio',
      'GET',
      '/__sim/imports',
    ),
    gateway.control<{ jobId: string; created: string; modified: string }[]>(
      'sailpoint',
      'GET',
      '/__sim/imports',
    ),
    gateway.control<{ id: string; attributes: { created_at: string; updated_at: string } }[]>(
      'commercelayer',
      'GET',
      '/__sim/imports',
    ),
  ]);
  return [
    ...fleetio.map((item) => ({
      provider: 'FLEETIO' as const,
      providerId: String(item.id),
      createdAt: Date.parse(item.created_at),
      updatedAt: Date.parse(item.updated_at),
    })),
    ...sailpoint.map((job) => ({
      provider: 'SAILPOINT' as const,
      providerId: job.jobId,
      createdAt: Date.parse(job.created),
      updatedAt: Date.parse(job.modified),
    })),
    ...commerce.map((resource) => ({
      provider: 'COMMERCE_LAYER' as const,
      providerId: resource.id,
      createdAt: Date.parse(resource.attributes.created_at),
      updatedAt: Date.parse(resource.attributes.updated_at),
    })),
  ];
}

/** the README's total order, written out independently of src/imports/order.ts. */
export function sortTruth(items: TruthItem[], field: 'CREATED_AT' | 'UPDATED_AT', direction: 'ASC' | 'DESC') {
  const sign = direction === 'ASC' ? 1 : -1;
  return [...items].sort((a, b) => {
    const at = field === 'CREATED_AT' ? a.createdAt - b.createdAt : a.updatedAt - b.updatedAt;
    if (at !== 0) return sign * at;
    if (a.provider !== b.provider) return sign * (RANK[a.provider] - RANK[b.provider]);
    if (a.providerId.length !== b.providerId.length)
      return sign * (a.providerId.length - b.providerId.length);
    return sign * (a.providerId < b.providerId ? -1 : a.providerId > b.providerId ? 1 : 0);
  });
}

export const keyOf = (item: { provider: string; providerId: string }) =>
  `${item.provider}:${item.providerId}`;

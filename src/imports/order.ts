import { providerRank, type Import, type ImportProvider } from './model.ts';

export type ImportOrderField = 'CREATED_AT' | 'UPDATED_AT';
export type OrderDirection = 'ASC' | 'DESC';

export interface ImportOrder {
  field: ImportOrderField;
  direction: OrderDirection;
}

export const DEFAULT_IMPORT_ORDER: ImportOrder = { field: 'CREATED_AT', direction: 'DESC' };

/** Where an import stands in an order: the tuple the README sorts by. */
export interface OrderPosition {
  /** Milliseconds of the order field. */
  at: number;
  provider: ImportProvider;
  providerId: string;
}

export function positionOf(item: Import, field: ImportOrderField): OrderPosition {
  const at = field === 'CREATED_AT' ? item.createdAt : item.updatedAt;
  return { at: at.getTime(), provider: item.provider, providerId: item.providerId };
}

/**
 * Vendor ids compare shorter first, then character by character (README), which puts
 * Fleetio's numeric ids in numeric order without parsing them.
 */
export function compareProviderIds(a: string, b: string): number {
  if (a.length !== b.length) return a.length - b.length;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Ascending comparison of positions; DESC reverses the whole tuple. */
export function comparePositions(a: OrderPosition, b: OrderPosition, direction: OrderDirection): number {
  const ascending =
    a.at - b.at ||
    providerRank(a.provider) - providerRank(b.provider) ||
    compareProviderIds(a.providerId, b.providerId);
  return direction === 'ASC' ? ascending : -ascending;
}

export function compareImports(a: Import, b: Import, order: ImportOrder): number {
  return comparePositions(positionOf(a, order.field), positionOf(b, order.field), order.direction);
}

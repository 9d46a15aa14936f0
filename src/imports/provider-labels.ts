import type { ImportProvider } from './model.ts';

/** Each provider's name as people read it, in every message the gateway writes about it. */
export const PROVIDER_LABELS: Readonly<Record<ImportProvider, string>> = {
  FLEETIO: 'Fleetio',
  SAILPOINT: 'SailPoint',
  COMMERCE_LAYER: 'Commerce Layer',
};

export function providerLabel(provider: ImportProvider): string {
  return PROVIDER_LABELS[provider];
}

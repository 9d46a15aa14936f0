// Generated from VENDORS (src/providers/vendors.ts) by `npm run codegen`. Do not edit: run `npm run codegen`.
export const GENERATED_PROVIDERS = [
  { provider: 'FLEETIO', label: 'Fleetio' },
  { provider: 'SAILPOINT', label: 'SailPoint' },
  { provider: 'COMMERCE_LAYER', label: 'Commerce Layer' },
] as const;

/**
 * SailPoint's path templates under its base URL and API version, `{id}` for an id: traces name its
 * requests by them, never by their URL (src/telemetry/route-template.ts).
 */
export const SAILPOINT_ROUTES = [
  '/sp-config/import/{id}/download',
  '/sp-config/import/{id}',
  '/sp-config/import',
  '/oauth/token',
] as const;

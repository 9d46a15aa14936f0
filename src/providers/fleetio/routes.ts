/**
 * Fleetio's path templates under its base URL (`…/api`), `{id}` for an id: traces name its
 * requests by them, never by their URL (src/telemetry/route-template.ts). The records' redirect
 * target (a storage URL) matches none: `{unlisted}`.
 */
export const FLEETIO_ROUTES = ['/v1/imports/{id}/records', '/v1/imports', '/imports/{id}/results'] as const;

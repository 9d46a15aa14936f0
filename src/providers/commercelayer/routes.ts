/**
 * Commerce Layer's path templates, `{id}` for an id: traces name its requests by them, never by
 * their URL (src/telemetry/route-template.ts). An id may be ten lowercase letters, so no guess by
 * its look would do (specs/VENDOR-REFERENCE.md §6).
 */
export const COMMERCE_LAYER_ROUTES = ['/api/imports/{id}', '/api/imports', '/oauth/token'] as const;

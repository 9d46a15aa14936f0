import type { ImportProvider } from '../../../src/imports/model.ts';

/**
 * How the gateway reads an answer of one import endpoint: the reader names the adaptor entry point
 * a body of that kind goes through (test/providers/vendor-examples/readers.ts).
 */
export type ReaderKind =
  | 'commercelayer-list'
  | 'commercelayer-document'
  | 'commercelayer-resource'
  | 'commercelayer-token'
  | 'sailpoint-job'
  | 'sailpoint-results'
  | 'sailpoint-token'
  | 'fleetio-list'
  | 'error'
  /** An example the collector found where it knows no endpoint: the test fails until it is placed. */
  | 'unplaced';

/** What the request was, as far as reading a vendor error goes (each vendor's errors.ts). */
export type RequestContext = 'list' | 'lookup' | 'create' | 'update' | 'token' | 'results';

export interface ImportEndpoint {
  /** The request context of the call, for error answers. */
  context: RequestContext;
  /** The reader of its success answers; undefined where the gateway reads no body (204, records). */
  success?: ReaderKind;
}

type Routes = Record<string, Record<string, ImportEndpoint>>;

/**
 * The import endpoints of each vendor (and the token endpoints they need), by the path templates
 * their spec files use (specs/VENDOR-REFERENCE.md §1–§3). Other paths in those files (SailPoint's
 * export and config-objects, Commerce Layer's events) are not import endpoints.
 */
export const IMPORT_ENDPOINTS: Record<ImportProvider, Routes> = {
  COMMERCE_LAYER: {
    '/imports': {
      get: { context: 'list', success: 'commercelayer-list' },
      post: { context: 'create', success: 'commercelayer-document' },
    },
    '/imports/{importId}': {
      get: { context: 'lookup', success: 'commercelayer-document' },
      patch: { context: 'update', success: 'commercelayer-document' },
      delete: { context: 'lookup' },
    },
    '/oauth/token': { post: { context: 'token', success: 'commercelayer-token' } },
  },
  SAILPOINT: {
    '/sp-config/import': { post: { context: 'create', success: 'sailpoint-job' } },
    '/sp-config/import/{id}': { get: { context: 'lookup', success: 'sailpoint-job' } },
    '/sp-config/import/{id}/download': { get: { context: 'results', success: 'sailpoint-results' } },
    '/oauth/token': { post: { context: 'token', success: 'sailpoint-token' } },
  },
  FLEETIO: {
    '/v1/imports': { get: { context: 'list', success: 'fleetio-list' } },
    '/imports/{id}/results': { get: { context: 'lookup' } },
    '/v1/imports/{id}/records': { get: { context: 'lookup' } },
  },
};

/**
 * Paths of the spec files that are not import endpoints: SailPoint's export (the pre-import
 * backup) and config-objects, Commerce Layer's events. Any other path must be placed above, so an
 * import path added to a file (say the `/sp-config/v1/...` family) cannot be skipped unnoticed.
 */
export const OTHER_PATHS = [
  '/sp-config/export/{id}',
  '/sp-config/export/{id}/download',
  '/sp-config/config-objects',
  '/imports/{importId}/events',
];

export const VENDOR_FOLDERS: Record<string, ImportProvider> = {
  commercelayer: 'COMMERCE_LAYER',
  sailpoint: 'SAILPOINT',
  fleetio: 'FLEETIO',
};

import type { UpstreamResponse } from '../../../src/providers/http/upstream-client.ts';
import type { UpstreamError } from '../../../src/providers/http/upstream-error.ts';
import { errorFromResponse as commerceLayerError } from '../../../src/providers/commercelayer/errors.ts';
import {
  errorFromResponse as sailpointError,
  type SailpointOperation,
} from '../../../src/providers/sailpoint/errors.ts';
import { fleetioError } from '../../../src/providers/fleetio/errors.ts';
import type { VendorExample } from '../../support/vendor-examples/example.ts';

/** An id of each vendor's shape (specs/VENDOR-REFERENCE.md §6) for requests that name one import. */
const SOME_ID = {
  COMMERCE_LAYER: 'XGZwpOSrWL',
  SAILPOINT: '4fb10503-1c49-4603-8f8d-886e1f6aa47b',
  FLEETIO: '12',
};

/** The SailPoint request an example's endpoint stands for. */
export function sailpointOperation(example: VendorExample): SailpointOperation {
  const jobId = SOME_ID.SAILPOINT;
  switch (example.context) {
    case 'token':
      return { kind: 'token' };
    case 'create':
      return { kind: 'create', preview: false };
    case 'results':
      return { kind: 'results', jobId };
    default:
      return { kind: 'status', jobId };
  }
}

/** The error answer as each vendor's errors.ts reads it, with the request its endpoint stands for. */
export function vendorErrorOf(example: VendorExample, response: UpstreamResponse): UpstreamError {
  const id = SOME_ID[example.provider];
  switch (example.provider) {
    case 'COMMERCE_LAYER':
      return commerceLayerError(response, {
        what: example.endpoint,
        importId: example.context === 'lookup' || example.context === 'update' ? id : undefined,
        callerInput: example.context === 'create' || example.context === 'update',
        token: example.context === 'token',
      });
    case 'SAILPOINT':
      // Only an upload carries the caller's input (client.ts sends callerInput for the creation alone).
      return sailpointError(response, sailpointOperation(example), example.context === 'create');
    case 'FLEETIO':
      return fleetioError(response, { lookup: example.context === 'lookup' });
  }
}

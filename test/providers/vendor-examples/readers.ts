import type { Import } from '../../../src/imports/model.ts';
import type { ImportMessage, ImportRecord } from '../../../src/imports/detail.ts';
import { parseVendorJson, type UpstreamResponse } from '../../../src/providers/http/upstream-client.ts';
import { UpstreamError } from '../../../src/providers/http/upstream-error.ts';
import * as commerceLayer from '../../../src/providers/commercelayer/wire.ts';
import { importFromCommerceLayer, hasEntries } from '../../../src/providers/commercelayer/map.ts';
import { messagesOf as commerceLayerMessages } from '../../../src/providers/commercelayer/message-log.ts';
import { unexpectedBody as commerceLayerUnexpected } from '../../../src/providers/commercelayer/errors.ts';
import * as sailpoint from '../../../src/providers/sailpoint/wire.ts';
import { mapJobStatus, outcomeOf, type ImportOutcome } from '../../../src/providers/sailpoint/map.ts';
import { messagesOf as sailpointMessages, recordsOf } from '../../../src/providers/sailpoint/operations.ts';
import { unexpectedBody as sailpointUnexpected } from '../../../src/providers/sailpoint/errors.ts';
import { readImportPage, WireShapeError as FleetioShapeError } from '../../../src/providers/fleetio/wire.ts';
import { importsOfPage } from '../../../src/providers/fleetio/map.ts';
import type { TokenGrant } from '../../../src/providers/http/access-tokens.ts';
import type { ReaderKind } from '../../support/vendor-examples/endpoints.ts';
import type { VendorExample } from '../../support/vendor-examples/example.ts';
import { sailpointOperation, vendorErrorOf } from './vendor-errors.ts';

/** What the gateway made of one example answer. */
export type Reading =
  | { kind: 'imports'; imports: Import[]; messages: ImportMessage[] }
  | { kind: 'outcome'; outcome: ImportOutcome; messages: ImportMessage[]; records: ImportRecord[] }
  | { kind: 'token'; grant: TokenGrant }
  | { kind: 'error'; error: UpstreamError };

/** The example as the vendor would send it: a JSON body with its status, nothing more. */
export function answerOf(example: VendorExample, body = example.body): UpstreamResponse {
  return {
    status: example.status,
    headers: { 'content-type': 'application/json' },
    body: Buffer.from(JSON.stringify(body)),
  };
}

/** Commerce Layer's logs, when the example has them; the gateway reads them apart (`fields[imports]`). */
function logsOf(resource: unknown): ImportMessage[] {
  const attributes = (resource as { attributes?: Record<string, unknown> } | undefined)?.attributes ?? {};
  return commerceLayerMessages(attributes.errors_log, attributes.warnings_log);
}

function commerceLayerImport(raw: unknown, resource: commerceLayer.CommerceLayerImportResource): Import {
  const attributes = (raw as { attributes: Record<string, unknown> }).attributes;
  // As the gateway does for a completed import with a null errors_count: its errors_log decides.
  const errorsLogged = 'errors_log' in attributes ? hasEntries(attributes.errors_log) : undefined;
  return importFromCommerceLayer(resource, errorsLogged === undefined ? {} : { errorsLogged });
}

type Reader = (body: unknown) => Reading;

const READERS: Record<Exclude<ReaderKind, 'error' | 'unplaced'>, Reader> = {
  'commercelayer-list': (body) => {
    const list = commerceLayer.parseImportList(body);
    const raw = (body as { data: unknown[] }).data;
    return {
      kind: 'imports',
      imports: list.data.map((resource, index) => commerceLayerImport(raw[index], resource)),
      messages: raw.flatMap(logsOf),
    };
  },
  'commercelayer-document': (body) => {
    const raw = (body as { data?: unknown }).data;
    const resource = commerceLayer.parseImportDocument(body);
    return { kind: 'imports', imports: [commerceLayerImport(raw, resource)], messages: logsOf(raw) };
  },
  'commercelayer-resource': (body) => {
    const resource = commerceLayer.parseImportResource(body);
    return { kind: 'imports', imports: [commerceLayerImport(body, resource)], messages: logsOf(body) };
  },
  'commercelayer-token': (body) => ({ kind: 'token', grant: commerceLayer.parseTokenGrant(body) }),
  'sailpoint-job': (body) => ({
    kind: 'imports',
    imports: [mapJobStatus(sailpoint.parseJobStatus(body))],
    messages: [],
  }),
  'sailpoint-results': (body) => {
    const results = sailpoint.parseImportResults(body);
    return {
      kind: 'outcome',
      outcome: outcomeOf(results),
      messages: sailpointMessages(results),
      records: recordsOf(results),
    };
  },
  'sailpoint-token': (body) => ({ kind: 'token', grant: sailpoint.parseTokenGrant(body) }),
  'fleetio-list': (body) => ({ kind: 'imports', imports: importsOfPage(readImportPage(body)), messages: [] }),
};

/** A body the adaptor refuses, as the gateway error its client makes of it (UPSTREAM_ERROR). */
function refused(example: VendorExample, response: UpstreamResponse, error: unknown): UpstreamError {
  const operation = { what: example.endpoint };
  if (error instanceof commerceLayer.WireShapeError)
    return commerceLayerUnexpected(response, operation, error);
  if (error instanceof sailpoint.WireShapeError)
    return sailpointUnexpected(response, sailpointOperation(example), error);
  // Fleetio's client makes this error inline (fleetio/client.ts, listImports): same kind, same reason.
  if (error instanceof FleetioShapeError) {
    return new UpstreamError('FLEETIO', 'error', `Fleetio sent a body that does not fit: ${error.message}.`);
  }
  throw error;
}

/**
 * Reads an example through the entry points the vendor's client uses on an answer: the JSON
 * parse of the body (`parseVendorJson`), the wire checks, the mapping to the gateway's Import (or
 * outcome, messages and records), and for an error answer the vendor's errors.ts. A body the
 * adaptor refuses throws the gateway error its client would throw.
 */
export function readExample(example: VendorExample, body = example.body): Reading {
  const response = answerOf(example, body);
  if (example.reader === 'error') return { kind: 'error', error: vendorErrorOf(example, response) };
  if (example.reader === 'unplaced') {
    throw new Error(
      'no endpoint is known for this example: give its endpoint a reader (test/support/vendor-examples/endpoints.ts, ' +
        'other-documents.ts for the documents that are not OpenAPI files)',
    );
  }
  const parsed = parseVendorJson(example.provider, response);
  try {
    return READERS[example.reader](parsed);
  } catch (error) {
    throw refused(example, response, error);
  }
}

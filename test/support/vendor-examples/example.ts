import type { ImportProvider } from '../../../src/imports/model.ts';
import type { ReaderKind, RequestContext } from './endpoints.ts';

/** One vendor example of an import endpoint's answer, and where it was found. */
export interface VendorExample {
  provider: ImportProvider;
  /** Under specs/, e.g. `sailpoint/sp-config-import.v2025.openapi.yaml`. */
  file: string;
  /** JSON pointer of the example in the file (of the schema, for a sample built from its properties). */
  pointer: string;
  /**
   * `example` / `examples` of a response media type, a schema's own `example`, a sample built from a
   * schema's property examples, or an `example(s)` keyword of a document that is not an OpenAPI file.
   */
  source: 'media-example' | 'named-example' | 'schema-example' | 'property-sample' | 'document-example';
  /** e.g. `GET /imports/{importId} 200`, or a description where no endpoint is known. */
  endpoint: string;
  status: number;
  context: RequestContext;
  reader: ReaderKind;
  body: unknown;
}

/** `file#pointer (endpoint)`: names a test case. */
export const exampleName = (example: VendorExample) =>
  `${example.file}#${example.pointer} (${example.endpoint})`;

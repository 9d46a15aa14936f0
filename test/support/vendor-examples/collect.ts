import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import type { ImportProvider } from '../../../src/imports/model.ts';
import { IMPORT_ENDPOINTS, VENDOR_FOLDERS, type ReaderKind, type RequestContext } from './endpoints.ts';
import { childPointer, isObject, resolved, type Json } from './json-pointer.ts';
import { schemaSample } from './schema-sample.ts';
import { resourceSchemaExamples, schemaKeywordExamples } from './other-documents.ts';

const SPECS = fileURLToPath(new URL('../../../specs/', import.meta.url));

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

/** Every spec file the oracle reads: each vendor folder's JSON and YAML files and its written/. */
export function specFiles(): { provider: ImportProvider; file: string }[] {
  return Object.entries(VENDOR_FOLDERS).flatMap(([folder, provider]) =>
    [folder, `${folder}/written`].flatMap((directory) =>
      readdirSync(SPECS + directory, { withFileTypes: true })
        .filter((entry) => entry.isFile() && /\.(json|ya?ml)$/.test(entry.name))
        .map((entry) => ({ provider, file: `${directory}/${entry.name}` })),
    ),
  );
}

export function loadSpecFile(file: string): unknown {
  const text = readFileSync(SPECS + file, 'utf8');
  return file.endsWith('.json') ? JSON.parse(text) : parseYaml(text);
}

/** Every example of every import endpoint's responses in one OpenAPI document. */
function openApiExamples(provider: ImportProvider, file: string, document: Json): VendorExample[] {
  const found: VendorExample[] = [];
  const paths = isObject(document.paths) ? document.paths : {};
  for (const [path, operations] of Object.entries(IMPORT_ENDPOINTS[provider])) {
    for (const [method, endpoint] of Object.entries(operations)) {
      const operation = (paths[path] as Json | undefined)?.[method];
      if (!isObject(operation) || !isObject(operation.responses)) continue;
      for (const [code, declared] of Object.entries(operation.responses)) {
        const status = Number(code);
        const response = resolved(document, {
          node: declared,
          pointer: childPointer('/paths', path, method, 'responses', code),
        });
        const success = status >= 200 && status < 300;
        const reader: ReaderKind = success ? (endpoint.success ?? 'unplaced') : 'error';
        const add = (pointer: string, source: VendorExample['source'], body: unknown) =>
          found.push({
            provider,
            file,
            pointer,
            source,
            endpoint: `${method.toUpperCase()} ${path} ${code}`,
            status,
            context: endpoint.context,
            reader,
            body,
          });
        const content =
          isObject(response.node) && isObject(response.node.content) ? response.node.content : {};
        for (const [mediaType, media] of Object.entries(content)) {
          if (!isObject(media)) continue;
          const at = childPointer(response.pointer, 'content', mediaType);
          if ('example' in media) add(`${at}/example`, 'media-example', media.example);
          for (const [name, named] of Object.entries(isObject(media.examples) ? media.examples : {})) {
            const example = resolved(document, { node: named, pointer: childPointer(at, 'examples', name) });
            if (isObject(example.node) && 'value' in example.node) {
              add(`${example.pointer}/value`, 'named-example', example.node.value);
            }
          }
          if (media.schema === undefined) continue;
          const schema = resolved(document, { node: media.schema, pointer: `${at}/schema` });
          const sample = schemaSample(document, schema);
          if (sample === undefined) continue;
          const own = isObject(schema.node) && 'example' in schema.node;
          add(
            own ? `${schema.pointer}/example` : schema.pointer,
            own ? 'schema-example' : 'property-sample',
            sample,
          );
        }
      }
    }
  }
  return found;
}

/** Every path of every OpenAPI file, with its vendor: the test checks each is placed. */
export function specPaths(): { provider: ImportProvider; file: string; path: string }[] {
  return specFiles().flatMap(({ provider, file }) => {
    const document = loadSpecFile(file);
    if (!isObject(document) || typeof document.openapi !== 'string' || !isObject(document.paths)) return [];
    return Object.keys(document.paths).map((path) => ({ provider, file, path }));
  });
}

/** Every example the oracle knows of, in file order. */
export function collectVendorExamples(): VendorExample[] {
  return specFiles().flatMap(({ provider, file }) => {
    const document = loadSpecFile(file);
    if (isObject(document) && typeof document.openapi === 'string') {
      return openApiExamples(provider, file, document);
    }
    if (isObject(document) && document.type === 'resources') {
      return resourceSchemaExamples(provider, file, document);
    }
    return schemaKeywordExamples(provider, file, document);
  });
}

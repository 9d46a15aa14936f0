import type { ImportProvider } from '../../../src/imports/model.ts';
import { IMPORT_ENDPOINTS, type ReaderKind } from './endpoints.ts';
import type { VendorExample } from './example.ts';
import { childPointer, isObject, resolved, type Json } from './json-pointer.ts';
import { schemaSample } from './schema-sample.ts';

/** Every example of every import endpoint's responses in one OpenAPI document. */
export function openApiExamples(provider: ImportProvider, file: string, document: Json): VendorExample[] {
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

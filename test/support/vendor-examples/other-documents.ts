import type { ImportProvider } from '../../../src/imports/model.ts';
import type { VendorExample } from './collect.ts';
import { childPointer, isObject, type Json } from './json-pointer.ts';

/**
 * Commerce Layer's resource schema (`commercelayer/import.resource-schema.json`) is no OpenAPI
 * file: it lists the import's fields, each with an `example`. The resource every action answers
 * (list item, retrieve, create, update) is built from the fetchable ones as the JSON:API resource
 * object the docs show (`id`, `type: "imports"`, `attributes`). Its resource-level `examples`
 * (empty today) are collected too, unplaced until a reader is chosen for them.
 */
export function resourceSchemaExamples(
  provider: ImportProvider,
  file: string,
  document: Json,
): VendorExample[] {
  const attributes = isObject(document.attributes) ? document.attributes : {};
  const fields = isObject(attributes.fields) ? attributes.fields : {};
  const values: Json = {};
  let id: unknown;
  for (const [name, field] of Object.entries(fields)) {
    if (!isObject(field) || field.fetchable !== true || !('example' in field)) continue;
    if (name === 'id') id = field.example;
    else values[name] = field.example;
  }
  const base = { provider, file, status: 200, context: 'lookup' as const };
  const found: VendorExample[] = [];
  if (Object.keys(values).length > 0) {
    found.push({
      ...base,
      pointer: '/attributes/fields',
      source: 'property-sample',
      endpoint: 'the import resource of every action',
      reader: 'commercelayer-resource',
      body: { id, type: 'imports', attributes: values },
    });
  }
  for (const [name, example] of Object.entries(isObject(attributes.examples) ? attributes.examples : {})) {
    found.push({
      ...base,
      pointer: childPointer('/attributes/examples', name),
      source: 'document-example',
      endpoint: 'a resource-level example',
      reader: 'unplaced',
      body: example,
    });
  }
  return found;
}

/**
 * The `example` and `examples` keywords anywhere in a document that is neither (the JSON Schemas
 * of `written/`, extracts): none is there today. Any that appears is collected unplaced, so the
 * oracle fails until it is given an endpoint and a reader.
 */
export function schemaKeywordExamples(
  provider: ImportProvider,
  file: string,
  document: unknown,
): VendorExample[] {
  const found: VendorExample[] = [];
  const visit = (node: unknown, pointer: string): void => {
    if (Array.isArray(node)) return node.forEach((item, index) => visit(item, childPointer(pointer, index)));
    if (!isObject(node)) return;
    for (const [key, value] of Object.entries(node)) {
      const at = childPointer(pointer, key);
      if (key === 'example' || key === 'examples') {
        const bodies = key === 'examples' && Array.isArray(value) ? value : [value];
        bodies.forEach((body, index) =>
          found.push({
            provider,
            file,
            pointer: key === 'examples' && Array.isArray(value) ? childPointer(at, index) : at,
            source: 'document-example',
            endpoint: 'no endpoint known',
            status: 0,
            context: 'lookup',
            reader: 'unplaced',
            body,
          }),
        );
      } else visit(value, at);
    }
  };
  visit(document, '');
  return found;
}

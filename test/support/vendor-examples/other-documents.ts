import type { ImportProvider } from '../../../src/imports/model.ts';
import type { VendorExample } from './example.ts';
import { childPointer, isObject, type Json } from './json-pointer.ts';

/** An example the oracle found where it knows no endpoint: its case fails until one is chosen. */
const unplaced = (provider: ImportProvider, file: string, pointer: string, body: unknown): VendorExample => ({
  provider,
  file,
  pointer,
  source: 'document-example',
  endpoint: 'no endpoint known',
  status: 0,
  context: 'lookup',
  reader: 'unplaced',
  body,
});

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
    found.push(unplaced(provider, file, childPointer('/attributes/examples', name), example));
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
      if (key === 'examples' && Array.isArray(value)) {
        value.forEach((body, index) => found.push(unplaced(provider, file, childPointer(at, index), body)));
      } else if (key === 'example' || key === 'examples') {
        found.push(unplaced(provider, file, at, value));
      } else visit(value, at);
    }
  };
  visit(document, '');
  return found;
}

/**
 * A written/ excerpt of a vendor page in Markdown: each fenced `json` block is an example body,
 * named by its line (`#L12`), unplaced until a reader is chosen for it. None exists today.
 */
export function markdownExamples(provider: ImportProvider, file: string, text: string): VendorExample[] {
  const found: VendorExample[] = [];
  const fence = /^```json[^\n]*\n([\s\S]*?)^```/gm;
  for (let match = fence.exec(text); match !== null; match = fence.exec(text)) {
    const line = text.slice(0, match.index).split('\n').length;
    found.push(unplaced(provider, file, `L${line}`, JSON.parse(match[1]!) as unknown));
  }
  return found;
}

/** A written/ document in a format the oracle does not read: one unplaced case, so it is not skipped. */
export const unreadableDocument = (provider: ImportProvider, file: string) =>
  unplaced(provider, file, '', undefined);

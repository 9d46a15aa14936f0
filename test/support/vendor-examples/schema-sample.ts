import { childPointer, isObject, resolved, type Json, type Located } from './json-pointer.ts';

/**
 * The body a documentation renderer shows for a response schema that has no example of its own:
 * each property's example (or its one-value enum), objects and arrays built from theirs (one item per array), `allOf`
 * parts merged. Unlike Swagger UI or Redoc it fills nothing in where the vendor gave no example
 * ("string", 0): such a field is left out, so the sample holds the vendor's values only.
 * Undefined when nothing under the schema carries an example.
 */
export function schemaSample(document: unknown, at: Located, depth = 0): unknown {
  if (depth > 12) return undefined;
  const { node, pointer } = resolved(document, at);
  if (!isObject(node)) return undefined;
  if ('example' in node) return node.example;
  // A one-value enum is a constant the vendor states (JSON:API `type: imports`), as renderers show it.
  if (Array.isArray(node.enum) && node.enum.length === 1) return node.enum[0];
  if (Array.isArray(node.allOf)) {
    const parts = node.allOf.map((part, index) =>
      schemaSample(document, { node: part, pointer: childPointer(pointer, 'allOf', index) }, depth + 1),
    );
    const objects = parts.filter(isObject);
    return objects.length === 0 ? undefined : Object.assign({}, ...objects);
  }
  if (isObject(node.properties)) {
    const sample: Json = {};
    for (const [name, property] of Object.entries(node.properties)) {
      const value = schemaSample(
        document,
        { node: property, pointer: childPointer(pointer, 'properties', name) },
        depth + 1,
      );
      if (value !== undefined) sample[name] = value;
    }
    return Object.keys(sample).length === 0 ? undefined : sample;
  }
  if (node.items !== undefined) {
    const item = schemaSample(
      document,
      { node: node.items, pointer: childPointer(pointer, 'items') },
      depth + 1,
    );
    return item === undefined ? undefined : [item];
  }
  return undefined;
}

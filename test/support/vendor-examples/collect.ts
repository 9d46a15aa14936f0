import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import type { ImportProvider } from '../../../src/imports/model.ts';
import { VENDOR_FOLDERS } from './endpoints.ts';
import type { VendorExample } from './example.ts';
import { isObject } from './json-pointer.ts';
import { openApiExamples } from './openapi-examples.ts';
import {
  markdownExamples,
  resourceSchemaExamples,
  schemaKeywordExamples,
  unreadableDocument,
} from './other-documents.ts';

export { exampleName, type VendorExample } from './example.ts';

const SPECS = fileURLToPath(new URL('../../../specs/', import.meta.url));
const DATA = /\.(json|ya?ml)$/;

/**
 * Every spec file the oracle reads: each vendor folder's JSON and YAML files (SOURCE.txt says
 * where they came from, it holds no example) and everything in its written/, whatever the format.
 */
export function specFiles(): { provider: ImportProvider; file: string }[] {
  return Object.entries(VENDOR_FOLDERS).flatMap(([folder, provider]) =>
    [folder, `${folder}/written`].flatMap((directory) =>
      readdirSync(SPECS + directory, { withFileTypes: true })
        .filter((entry) => entry.isFile() && (directory.endsWith('/written') || DATA.test(entry.name)))
        .map((entry) => ({ provider, file: `${directory}/${entry.name}` })),
    ),
  );
}

const readSpec = (file: string) => readFileSync(SPECS + file, 'utf8');

export function loadSpecFile(file: string): unknown {
  const text = readSpec(file);
  return file.endsWith('.json') ? JSON.parse(text) : parseYaml(text);
}

/** Every path of every OpenAPI file, with its vendor: the test checks each is placed. */
export function specPaths(): { provider: ImportProvider; file: string; path: string }[] {
  return specFiles().flatMap(({ provider, file }) => {
    if (!DATA.test(file)) return [];
    const document = loadSpecFile(file);
    if (!isObject(document) || typeof document.openapi !== 'string' || !isObject(document.paths)) return [];
    return Object.keys(document.paths).map((path) => ({ provider, file, path }));
  });
}

/** Every example the oracle knows of, in file order. */
export function collectVendorExamples(): VendorExample[] {
  return specFiles().flatMap(({ provider, file }) => {
    if (file.endsWith('.md')) return markdownExamples(provider, file, readSpec(file));
    if (!DATA.test(file)) return [unreadableDocument(provider, file)];
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

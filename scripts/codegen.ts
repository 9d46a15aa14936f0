/**
 * `npm run codegen`: writes the files codegen.yml names (src/graphql/resolvers.generated.ts) from
 * the SDL of schema/, through graphql-codegen's core and its plugins (and the client preset's
 * files for examples/client/, client-codegen.ts), the files made from
 * VENDORS (vendor-codegen.ts), the `GatewayErrorCode` enum from ERROR_CODES (error-code-enum.ts)
 * and the printed schema (printed-schema.ts).
 *
 * Not through graphql-codegen's CLI: besides the same core it installs loaders for URLs, GitHub
 * and Apollo Studio, a prompt library and a task runner, none used here, some of which declare
 * Node 22 or later, so a plain `npm install` on Node 20 printed dozens of engine warnings.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as add from '@graphql-codegen/add';
import { codegen } from '@graphql-codegen/core';
import {
  type CodegenPlugin,
  getCachedDocumentNodeFromSchema,
  type Types,
} from '@graphql-codegen/plugin-helpers';
import * as typescript from '@graphql-codegen/typescript';
import * as typescriptResolvers from '@graphql-codegen/typescript-resolvers';
import { makeExecutableSchema } from '@graphql-tools/schema';
import { lexicographicSortSchema } from 'graphql';
import { parse } from 'yaml';
import { gatewaySchemaOf } from '../src/graphql/schema.ts';
import { readTypeDefs } from '../src/graphql/type-defs.ts';
import { ERROR_CODE_ENUM_FILE, errorCodeEnumSdl } from '../src/graphql/error-code-enum.ts';
import { PRINTED_SCHEMA_FILE, printedSchema } from './printed-schema.ts';
import { VENDOR_SCHEMA_FILES, vendorFiles } from './vendor-codegen.ts';
import { clientPresetFiles, PRESET_OUTPUT_KEYS, type PresetOutput } from './client-codegen.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const CONFIG_FILE = 'codegen.yml';

/** The plugins codegen.yml may name; another one needs its package and a line here. */
const pluginMap: Record<string, CodegenPlugin> = {
  add,
  typescript,
  'typescript-resolvers': typescriptResolvers,
};

export interface GeneratedFile {
  /** Relative to the repository root, as codegen.yml names it. */
  filename: string;
  content: string;
}

interface OutputConfig {
  plugins: Types.OutputConfig[];
  config?: Record<string, unknown>;
}

/** What codegen makes of schema/ and VENDORS now, one entry per file codegen.yml names and per vendor file. */
export async function generateFiles(): Promise<GeneratedFile[]> {
  // Sorted as graphql-codegen's CLI sorts a loaded schema, so the output keeps the order it had.
  // The enums as VENDORS and ERROR_CODES make them, not as schema/ last had them, so the types,
  // the printed schema and the enum files agree.
  const generatedSdl = { ...VENDOR_SCHEMA_FILES, [ERROR_CODE_ENUM_FILE]: errorCodeEnumSdl() };
  const typeDefs = readTypeDefs(generatedSdl);
  const schemaAst = lexicographicSortSchema(makeExecutableSchema({ typeDefs }));
  const schema = getCachedDocumentNodeFromSchema(schemaAst);
  const outputs = Object.entries(readOutputs());
  const fromPresets = await Promise.all(
    outputs.flatMap(([directory, output]) =>
      'preset' in output ? [clientPresetFiles({ root, directory, output, schema, schemaAst })] : [],
    ),
  );
  const fromSchema = await Promise.all(
    outputs
      .flatMap(([filename, output]) => ('preset' in output ? [] : [[filename, output] as const]))
      .map(async ([filename, output]) => ({
        filename,
        content: await codegen({
          filename,
          schema,
          schemaAst,
          documents: [],
          config: { emitLegacyCommonJSImports: true, ...output.config },
          plugins: output.plugins.map(configuredPlugin),
          pluginMap,
        }),
      })),
  );
  return [
    ...fromSchema,
    ...fromPresets.flat(),
    ...vendorFiles(),
    { filename: `schema/${ERROR_CODE_ENUM_FILE}`, content: generatedSdl[ERROR_CODE_ENUM_FILE] },
    { filename: PRINTED_SCHEMA_FILE, content: printedSchema(gatewaySchemaOf(typeDefs)) },
  ];
}

export function readGeneratedFile(file: GeneratedFile): string | undefined {
  try {
    return readFileSync(root + file.filename, 'utf8');
  } catch {
    return undefined;
  }
}

function readOutputs(): Record<string, OutputConfig | PresetOutput> {
  const config = parse(readFileSync(root + CONFIG_FILE, 'utf8')) as {
    generates?: Record<string, OutputConfig | PresetOutput>;
  };
  refuseUnknownKeys(config, ['generates'], CONFIG_FILE);
  if (!config.generates || Object.keys(config.generates).length === 0) {
    throw new Error(`${CONFIG_FILE} names no file under \`generates\`.`);
  }
  for (const [filename, output] of Object.entries(config.generates)) {
    const known = 'preset' in output ? PRESET_OUTPUT_KEYS : ['plugins', 'config'];
    refuseUnknownKeys(output, known, `${CONFIG_FILE}, ${filename}`);
  }
  return config.generates;
}

/** A key this script does not act on (a preset, documents, hooks) is an error, not ignored. */
function refuseUnknownKeys(section: object, known: string[], where: string): void {
  const unknown = Object.keys(section).filter((key) => !known.includes(key));
  if (unknown.length > 0) {
    throw new Error(
      `${where}: scripts/codegen.ts does not handle ${unknown.join(', ')} (it knows ${known.join(', ')}).`,
    );
  }
}

/** `- typescript` or `- add: { content: [...] }` in codegen.yml, as the core takes it. */
function configuredPlugin(entry: Types.OutputConfig): Types.ConfiguredPlugin {
  const plugin: Types.ConfiguredPlugin = typeof entry === 'string' ? { [entry]: {} } : entry;
  for (const name of Object.keys(plugin)) {
    if (!pluginMap[name]) {
      throw new Error(
        `${CONFIG_FILE} names the plugin "${name}"; scripts/codegen.ts knows ${Object.keys(pluginMap).join(', ')}.`,
      );
    }
  }
  return plugin;
}

/** A bad codegen.yml or SDL is told in one line, not a stack trace. */
export function failWith(error: unknown): never {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const files = await generateFiles().catch(failWith);
  for (const file of files) {
    if (readGeneratedFile(file) === file.content) continue;
    writeFileSync(root + file.filename, file.content);
    process.stdout.write(`Wrote ${file.filename}.\n`);
  }
}

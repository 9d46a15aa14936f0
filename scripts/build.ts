/**
 * `npm run build` (`npm start` runs it first): src/main.ts and everything it imports, packages
 * included, bundled by esbuild into dist/gateway/; and the imports console (console/) into
 * dist/console/, skipped when its sources have not changed since the last build. One bundle starts in a fraction of the time
 * tsx takes to transform each TypeScript file and Node takes to resolve and load a few hundred
 * package files (bench/NOTES.md, cold start). Tests and `npm run simulators` keep running the
 * TypeScript sources through tsx; nothing needs a build but `npm start` and the benchmark.
 *
 * esbuild is the one tsx uses too (a devDependency, like tsx).
 */
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));
export const BUILT_ENTRY = 'dist/gateway/main.js';

export async function buildGateway(): Promise<void> {
  rmSync(`${root}dist/gateway`, { recursive: true, force: true });
  await build({
    absWorkingDir: root,
    entryPoints: ['src/main.ts'],
    outdir: 'dist/gateway',
    bundle: true,
    // Demo mode and the playground are imported on demand, into chunks of their own.
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20.19',
    sourcemap: true,
    logLevel: 'warning',
    // Apollo's hash helper would fall back to SHA-256 in JavaScript in a bundle (apollo-create-hash.ts).
    alias: { '@apollo/utils.createhash': './scripts/apollo-create-hash.ts' },
    external: [
      // A native addon: its .node binary is found from its own package.
      'better-sqlite3',
      // About 9 MB of inlined GraphiQL assets, loaded only when a browser opens the playground.
      '@graphql-yoga/render-graphiql',
    ],
    // CommonJS packages inside an ES module bundle still call `require` for Node's built-ins.
    banner: {
      js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
    },
  });
  // src/graphql/schema.ts finds the SDL at `../../schema/` from its own file; dist/gateway/ sits
  // at the same depth as src/graphql/, so the same path holds in the bundle.
  if (!existsSync(fileURLToPath(new URL('../../schema/', new URL(BUILT_ENTRY, `file://${root}`))))) {
    throw new Error('dist/gateway/ must sit two levels below the root, as src/graphql/ does (schema/).');
  }
}

/** Where the console's files are built: the gateway serves them from here (src/server/http/console-route.ts). */
export const CONSOLE_OUT = 'dist/console';

/** Files every console build reads besides the bundle's own inputs: the page, and what decides how it is built. */
const CONSOLE_ALWAYS = ['console/index.html', 'package-lock.json', 'scripts/build.ts'];
/**
 * Written beside the output: every file the last build read (esbuild's list of the bundle's
 * inputs, packages included, and CONSOLE_ALWAYS) and the sha256 of their contents. When they all
 * read the same again the build is skipped, so `npm start` costs nothing more while the console
 * is unchanged; a file newly imported can only come in through one of them changing.
 */
const SOURCES_RECORD = '.sources.json';

interface SourcesRecord {
  inputs: string[];
  sha256: string;
}

/** Bundles the console for browsers; answers whether it built or found the output up to date. */
export async function buildConsole(): Promise<'built' | 'unchanged'> {
  const last = lastSources();
  if (last && contentsHash(last.inputs) === last.sha256) return 'unchanged';
  // Built beside and moved into place whole, so a gateway serving the old build never reads half
  // of a new one.
  const staging = `${CONSOLE_OUT}.${process.pid}`;
  rmSync(`${root}${staging}`, { recursive: true, force: true });
  const { metafile } = await build({
    absWorkingDir: root,
    entryPoints: { console: 'console/src/main.ts', 'console-styles': 'console/styles.css' },
    outdir: staging,
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: ['chrome115', 'firefox115', 'safari16'],
    minify: true,
    sourcemap: true,
    metafile: true,
    logLevel: 'warning',
    // Apollo Client and graphql-js leave out their development checks in a production build.
    define: { 'process.env.NODE_ENV': '"production"', __DEV__: 'false' },
  });
  // One name per kind of file, as the page links them (console/index.html).
  renameSync(`${root}${staging}/console-styles.css`, `${root}${staging}/console.css`);
  rmSync(`${root}${staging}/console-styles.css.map`, { force: true });
  copyFileSync(`${root}console/index.html`, `${root}${staging}/index.html`);
  const inputs = [...new Set([...CONSOLE_ALWAYS, ...Object.keys(metafile.inputs)])].sort();
  const record: SourcesRecord = { inputs, sha256: contentsHash(inputs) };
  writeFileSync(`${root}${staging}/${SOURCES_RECORD}`, JSON.stringify(record));
  rmSync(`${root}${CONSOLE_OUT}`, { recursive: true, force: true });
  renameSync(`${root}${staging}`, `${root}${CONSOLE_OUT}`);
  return 'built';
}

function lastSources(): SourcesRecord | undefined {
  try {
    return JSON.parse(readFileSync(`${root}${CONSOLE_OUT}/${SOURCES_RECORD}`, 'utf8')) as SourcesRecord;
  } catch {
    return undefined;
  }
}

/** The sha256 of the files' names and contents; a file gone counts as a change. */
function contentsHash(files: readonly string[]): string {
  const hash = createHash('sha256');
  for (const file of files) {
    hash.update(`${file}\0`);
    const path = join(root, file);
    hash.update(existsSync(path) ? readFileSync(path) : '\0gone\0');
  }
  return hash.digest('hex');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await buildGateway();
  await buildConsole();
}

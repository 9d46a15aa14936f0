/**
 * `npm run build` (`npm start` runs it first): src/main.ts and everything it imports, packages
 * included, bundled by esbuild into dist/gateway/; and the imports console (console/) into
 * dist/console/, skipped when its sources have not changed since the last build. One bundle
 * starts in a fraction of the time tsx takes to transform each TypeScript file and Node takes to
 * resolve and load a few hundred package files (bench/NOTES.md, cold start). Tests and `npm run simulators` keep running the
 * TypeScript sources through tsx; nothing needs a build but `npm start` and the benchmark.
 *
 * esbuild is the one tsx uses too (a devDependency, like tsx).
 */
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, version as esbuildVersion, type BuildOptions } from 'esbuild';
import { CONSOLE_BUILD_RECORD } from '../src/server/http/console-files.ts';
import { CONSOLE_SETTINGS_PLACEHOLDER } from '../src/server/http/console-page.ts';

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

/**
 * Files every console build reads besides the bundle's own inputs: the page, and what decides how
 * it is built (the TypeScript settings esbuild reads for console/ and examples/client/, the lock,
 * this script). esbuild's own version is hashed with them.
 */
const CONSOLE_ALWAYS = [
  'console/index.html',
  'console/tsconfig.json',
  'tsconfig.json',
  'package-lock.json',
  'scripts/build.ts',
];
/** What a build leaves in CONSOLE_OUT; the build is skipped only while they are all there. */
const CONSOLE_OUTPUTS = ['index.html', 'console.js', 'console.js.map', 'console.css'];
/**
 * Written beside the output: every file the last build read (esbuild's list of the bundle's
 * inputs, packages included, and CONSOLE_ALWAYS) and the sha256 of their contents. When they all
 * read the same again the build is skipped, so `npm start` costs nothing more while the console
 * is unchanged; a file newly imported can only come in through one of them changing. The gateway
 * reads the console's files again when this record changes (src/server/http/console-files.ts).
 */
const SOURCES_RECORD = CONSOLE_BUILD_RECORD;

interface SourcesRecord {
  inputs: string[];
  sha256: string;
}

/** Bundles the console for browsers; answers whether it built or found the output up to date. */
export async function buildConsole(): Promise<'built' | 'unchanged'> {
  if (upToDate()) return 'unchanged';
  const page = readFileSync(`${root}console/index.html`, 'utf8');
  if (!page.includes(CONSOLE_SETTINGS_PLACEHOLDER))
    throw new Error(
      `console/index.html must hold \`${CONSOLE_SETTINGS_PLACEHOLDER}\`: the gateway writes its settings there.`,
    );
  // Built beside, then moved into place (below); removed whatever happens, so a failed build leaves nothing.
  const staging = `${root}${CONSOLE_OUT}.${process.pid}`;
  const previous = `${root}${CONSOLE_OUT}.old.${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  try {
    const common = {
      absWorkingDir: root,
      outdir: staging,
      bundle: true,
      platform: 'browser',
      target: ['chrome115', 'firefox115', 'safari16'],
      minify: true,
      metafile: true,
      logLevel: 'warning',
    } satisfies BuildOptions;
    const started = Date.now();
    const [script, styles] = await Promise.all([
      build({
        ...common,
        entryPoints: { console: 'console/src/main.ts' },
        format: 'esm',
        // Served beside the script: the source is this repository's (docs/SECURITY.md, The imports console).
        sourcemap: true,
        // Apollo Client and graphql-js leave out their development checks in a production build.
        define: { 'process.env.NODE_ENV': '"production"', __DEV__: 'false' },
      }),
      // No source map for the style sheet: nothing would serve it.
      build({ ...common, entryPoints: { console: 'console/styles.css' }, sourcemap: false }),
    ]);
    copyFileSync(`${root}console/index.html`, `${staging}/index.html`);
    const inputs = [
      ...new Set([
        ...CONSOLE_ALWAYS,
        ...Object.keys(script.metafile.inputs),
        ...Object.keys(styles.metafile.inputs),
      ]),
    ].sort();
    // A file saved while esbuild ran may be in the bundle as it was before: recorded as changed,
    // so the next build runs again rather than keep the old text.
    const savedMeanwhile = inputs.some((input) => modifiedSince(input, started));
    const record: SourcesRecord = {
      inputs,
      sha256: savedMeanwhile ? 'changed during the build' : contentsHash(inputs),
    };
    writeFileSync(`${staging}/${SOURCES_RECORD}`, JSON.stringify(record));
    return moveIntoPlace(staging, previous);
  } finally {
    rmSync(staging, { recursive: true, force: true });
    rmSync(previous, { recursive: true, force: true });
  }
}

/** The last build is there whole and its inputs (and esbuild) read the same as then. */
function upToDate(): boolean {
  const last = lastSources();
  return (
    last !== undefined &&
    CONSOLE_OUTPUTS.every((name) => existsSync(`${root}${CONSOLE_OUT}/${name}`)) &&
    contentsHash(last.inputs) === last.sha256
  );
}

/**
 * The old output is moved aside, the new one in, and the old one removed: two renames, so a
 * gateway reading the console meanwhile finds the old build, the new one, or (for that instant)
 * none, and keeps serving the build it read until the new one is in place (console-files.ts).
 * Another build moving its own output in at the same moment wins: this one answers 'unchanged'.
 */
function moveIntoPlace(staging: string, previous: string): 'built' | 'unchanged' {
  const out = `${root}${CONSOLE_OUT}`;
  try {
    renameSync(out, previous);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  try {
    renameSync(staging, out);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    // Another build's output is in place: it serves, and the next build checks it again.
    if (code === 'ENOTEMPTY' || code === 'EEXIST') return 'unchanged';
    // Nothing moved in: the previous build goes back rather than leave no console at all.
    if (!existsSync(out) && existsSync(previous)) renameSync(previous, out);
    throw error;
  }
  return 'built';
}

function modifiedSince(file: string, time: number): boolean {
  try {
    return statSync(join(root, file)).mtimeMs >= time;
  } catch {
    return true;
  }
}

function lastSources(): SourcesRecord | undefined {
  try {
    return JSON.parse(readFileSync(`${root}${CONSOLE_OUT}/${SOURCES_RECORD}`, 'utf8')) as SourcesRecord;
  } catch {
    return undefined;
  }
}

/** The sha256 of esbuild's version and the files' names and contents; a file gone counts as a change. */
function contentsHash(files: readonly string[]): string {
  const hash = createHash('sha256');
  hash.update(`esbuild ${esbuildVersion}\0`);
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

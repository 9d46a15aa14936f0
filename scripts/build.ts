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
import {
  copyFileSync,
  existsSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
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

/**
 * What the console is built from: its own folder, the client kit it uses, the packages' locked
 * versions and this script. A build whose fingerprint matches the one written beside the output
 * is skipped, so `npm start` costs nothing more while the console is unchanged.
 */
const CONSOLE_SOURCES = ['console', 'examples/client', 'package-lock.json', 'scripts/build.ts'];
const FINGERPRINT = '.sources-sha256';

/** Bundles the console for browsers; answers whether it built or found the output up to date. */
export async function buildConsole(): Promise<'built' | 'unchanged'> {
  const fingerprint = sourcesFingerprint(CONSOLE_SOURCES);
  const fingerprintFile = `${root}${CONSOLE_OUT}/${FINGERPRINT}`;
  if (existsSync(fingerprintFile) && readFileSync(fingerprintFile, 'utf8') === fingerprint)
    return 'unchanged';
  // Built beside and moved into place whole, so a gateway serving the old build never reads half
  // of a new one.
  const staging = `${CONSOLE_OUT}.${process.pid}`;
  rmSync(`${root}${staging}`, { recursive: true, force: true });
  await build({
    absWorkingDir: root,
    entryPoints: { console: 'console/src/main.ts', 'console-styles': 'console/styles.css' },
    outdir: staging,
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: ['chrome115', 'firefox115', 'safari16'],
    minify: true,
    sourcemap: true,
    logLevel: 'warning',
    // Apollo Client and graphql-js leave out their development checks in a production build.
    define: { 'process.env.NODE_ENV': '"production"', __DEV__: 'false' },
  });
  // One name per kind of file, as the page links them (console/index.html).
  renameSync(`${root}${staging}/console-styles.css`, `${root}${staging}/console.css`);
  rmSync(`${root}${staging}/console-styles.css.map`, { force: true });
  copyFileSync(`${root}console/index.html`, `${root}${staging}/index.html`);
  writeFileSync(`${root}${staging}/${FINGERPRINT}`, fingerprint);
  rmSync(`${root}${CONSOLE_OUT}`, { recursive: true, force: true });
  renameSync(`${root}${staging}`, `${root}${CONSOLE_OUT}`);
  return 'built';
}

function sourcesFingerprint(paths: readonly string[]): string {
  const hash = createHash('sha256');
  const add = (path: string) => {
    const full = join(root, path);
    if (!existsSync(full)) return;
    const files = statSync(full).isDirectory()
      ? readdirSync(full, { withFileTypes: true, recursive: true })
          .filter((entry) => entry.isFile())
          .map((entry) => join(entry.parentPath, entry.name))
          .sort()
      : [full];
    for (const entry of files) {
      hash.update(`${entry.slice(root.length)}\0`);
      hash.update(readFileSync(entry));
    }
  };
  for (const path of paths) add(path);
  return hash.digest('hex');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await buildGateway();
  await buildConsole();
}

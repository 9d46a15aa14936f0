/**
 * `npm run build` (`npm start` runs it first): src/main.ts and everything it imports, packages
 * included, bundled by esbuild into dist/gateway/. One bundle starts in a fraction of the time
 * tsx takes to transform each TypeScript file and Node takes to resolve and load a few hundred
 * package files (bench/NOTES.md, cold start). Tests and `npm run simulators` keep running the
 * TypeScript sources through tsx; nothing needs a build but `npm start` and the benchmark.
 *
 * esbuild is the one tsx uses too (a devDependency, like tsx).
 */
import { existsSync, rmSync } from 'node:fs';
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

if (process.argv[1] === fileURLToPath(import.meta.url)) await buildGateway();

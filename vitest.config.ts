import { createRequire } from 'node:module';
import { defineConfig } from 'vitest/config';

const require = createRequire(import.meta.url);

export default defineConfig({
  resolve: {
    // graphql 16 ships CJS (main) and ESM (module) copies without an exports map. Node loads the
    // CJS one for the server's dependencies, Vite would pick the ESM one for test files, and two
    // copies of graphql refuse each other's schemas. Pin tests to the copy Node uses.
    alias: [{ find: /^graphql$/, replacement: require.resolve('graphql') }],
  },
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
    // Every test logger writes to one directory per run; at the end it is searched for secrets.
    globalSetup: ['test/setup/log-secrets.ts'],
    setupFiles: ['test/setup/log-file.ts'],
  },
});

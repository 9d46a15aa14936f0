import { createRequire } from 'node:module';
import { configDefaults, defineConfig } from 'vitest/config';

const require = createRequire(import.meta.url);

/**
 * Options both projects share. The projects do not extend the root config: a project that did
 * would run the root's global setup once more for itself.
 */
const shared = {
  testTimeout: 30_000,
  hookTimeout: 30_000,
  pool: 'forks' as const,
  setupFiles: ['test/setup/log-file.ts'],
};

/**
 * Integration tests the variation pass leaves out, each with why. Everything else in test/integration
 * must hold however the simulators write their answers (README, Simulators).
 */
const NOT_VARIED = [
  // Starts simulators with semantic variations of its own; a second pass would repeat it.
  'test/integration/variations-semantic.test.ts',
];

const resolve = {
  // graphql 16 ships CJS (main) and ESM (module) copies without an exports map. Node loads the
  // CJS one for the server's dependencies, Vite would pick the ESM one for test files, and two
  // copies of graphql refuse each other's schemas. Pin tests to the copy Node uses.
  alias: [{ find: /^graphql$/, replacement: require.resolve('graphql') }],
};

export default defineConfig({
  resolve,
  test: {
    // Every test logger writes to one directory per run; at the end it is searched for secrets.
    globalSetup: ['test/setup/log-secrets.ts', 'test/setup/build-console.ts'],
    projects: [
      { resolve, test: { ...shared, name: 'default', include: ['test/**/*.test.ts'] } },
      {
        resolve,
        test: {
          ...shared,
          // The integration suite once more, the simulators varying how they write every answer
          // (representational variations, test/support/variations.ts) from a fixed seed.
          name: 'variations',
          include: ['test/integration/**/*.test.ts'],
          exclude: [...configDefaults.exclude, ...NOT_VARIED],
          env: { SIM_VARIATIONS: '20261204' },
        },
      },
    ],
  },
});

/**
 * Global setup of the test run: the imports console built once, before any test file starts a
 * gateway that serves it (test/browser/console-*.test.ts). `npm run build`'s own step, which does
 * nothing when the console's sources have not changed since the last build.
 */
import { buildConsole } from '../../scripts/build.ts';

export default async function setup(): Promise<void> {
  await buildConsole();
}

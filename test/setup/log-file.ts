import { join, relative } from 'node:path';
import { expect } from 'vitest';

/**
 * Runs before each test file, in its worker: names the file its loggers write to after the test
 * file itself, so a secret found in the logs points at the test that logged it.
 */
const directory = process.env.GATEWAY_TEST_LOG_DIR;
const testPath = expect.getState().testPath;
if (directory && testPath) {
  const name = relative(process.cwd(), testPath).replace(/[\\/]/g, '__');
  process.env.GATEWAY_TEST_LOG_FILE = join(directory, `${name}.log`);
}

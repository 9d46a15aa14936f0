import { existsSync } from 'node:fs';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * Browser tests need Debian's Chromium. A developer machine without it skips them with a notice;
 * CI sets REQUIRE_CHROMIUM=1, which turns the missing browser into a failure instead.
 */
export function chromiumAvailable(): boolean {
  if (existsSync(CHROMIUM_PATH)) return true;
  if (process.env.REQUIRE_CHROMIUM === '1') {
    throw new Error(
      `REQUIRE_CHROMIUM=1 but there is no Chromium at ${CHROMIUM_PATH} (apt-get install chromium).`,
    );
  }
  process.stderr.write(
    `\nNOTICE: browser tests skipped: no Chromium at ${CHROMIUM_PATH} (apt-get install chromium).\n`,
  );
  return false;
}

/** Flags that keep headless Chromium off the network it cannot reach here. */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

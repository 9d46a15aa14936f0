/**
 * `npm run simulators -- [flags]`: the three vendor simulators, one JSON line per simulator on
 * stdout (`{"provider":"fleetio","url":"http://127.0.0.1:PORT"}`), logs on stderr, until a signal.
 */
import { parseArgs } from 'node:util';
import { SIMULATED_PROVIDERS, startSimulators } from './index.ts';

const usage = `Usage: npm run simulators -- [--seed N] [--imports N] [--fleetio-port P] [--sailpoint-port P]
  [--commercelayer-port P] [--clock real|manual] [--latency-ms N] [--rate-limits on|off]
  [--variations[=SEED]]`;

function fail(message: string): never {
  process.stderr.write(`${message}\n${usage}\n`);
  process.exit(2);
}

function wholeNumber(
  flag: string,
  value: string | undefined,
  fallback: number,
  max = Number.MAX_SAFE_INTEGER,
): number {
  if (value === undefined) return fallback;
  if (!/^\d+$/.test(value) || Number(value) > max)
    fail(`--${flag} must be a whole number from 0 to ${max}, not "${value}".`);
  return Number(value);
}

function choice<T extends string>(
  flag: string,
  value: string | undefined,
  allowed: readonly T[],
  fallback: T,
): T {
  if (value === undefined) return fallback;
  if (!(allowed as readonly string[]).includes(value))
    fail(`--${flag} must be one of ${allowed.join(', ')}, not "${value}".`);
  return value as T;
}

let parsed;
try {
  parsed = parseArgs({
    // `--variations` alone means seed 1; parseArgs has no optional values, so it is spelled out here.
    args: process.argv.slice(2).map((arg) => (arg === '--variations' ? '--variations=1' : arg)),
    options: {
      seed: { type: 'string' },
      imports: { type: 'string' },
      'fleetio-port': { type: 'string' },
      'sailpoint-port': { type: 'string' },
      'commercelayer-port': { type: 'string' },
      clock: { type: 'string' },
      'latency-ms': { type: 'string' },
      'rate-limits': { type: 'string' },
      variations: { type: 'string' },
      help: { type: 'boolean' },
    },
    strict: true,
  }).values;
} catch (error) {
  fail((error as Error).message);
}
if (parsed.help) {
  process.stdout.write(`${usage}\n`);
  process.exit(0);
}

const simulators = await startSimulators({
  seed: wholeNumber('seed', parsed.seed, 1, 2 ** 32 - 1),
  imports: wholeNumber('imports', parsed.imports, 60, 100_000),
  clock: choice('clock', parsed.clock, ['real', 'manual'] as const, 'real'),
  latencyMs: wholeNumber('latency-ms', parsed['latency-ms'], 0, 600_000),
  rateLimits: choice('rate-limits', parsed['rate-limits'], ['on', 'off'] as const, 'on') === 'on',
  variations:
    parsed.variations === undefined
      ? undefined
      : { seed: wholeNumber('variations', parsed.variations, 1, 2 ** 32 - 1) },
  ports: {
    fleetio: wholeNumber('fleetio-port', parsed['fleetio-port'], 0, 65_535),
    sailpoint: wholeNumber('sailpoint-port', parsed['sailpoint-port'], 0, 65_535),
    commercelayer: wholeNumber('commercelayer-port', parsed['commercelayer-port'], 0, 65_535),
  },
}).catch((error: unknown) => fail(`Could not start the simulators: ${(error as Error).message}`));

for (const provider of SIMULATED_PROVIDERS) {
  process.stdout.write(`${JSON.stringify({ provider, url: simulators[provider].url })}\n`);
}

let stopping = false;
const stop = () => {
  if (stopping) return;
  stopping = true;
  simulators.close().then(
    () => process.exit(0),
    () => process.exit(1),
  );
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);

/**
 * `npm start`: with no provider configured, demo mode (simulators in-process); otherwise the
 * gateway against the configured vendors.
 */
import { ConfigError, loadConfig, type GatewayConfig } from './config.ts';
import type { Demo } from './demo.ts';
import { startGateway } from './gateway.ts';
import { createLogger } from './log.ts';
import { armShutdownDeadline } from './shutdown-deadline.ts';
import { openBackend } from './store/backend.ts';

let config: GatewayConfig;
try {
  config = loadConfig();
} catch (error) {
  if (error instanceof ConfigError) {
    process.stderr.write(`${error.message}\n`);
    process.exit(2);
  }
  throw error;
}
const log = createLogger(config.log.level, config.log.file);

let demo: Demo | undefined;
if (config.demo) {
  // Only demo mode needs the simulators: a configured gateway starts without loading them.
  const { startDemo } = await import('./demo.ts');
  demo = await startDemo(config);
  config = demo.config;
}
const backend = await openBackend({ config, log });
if (demo) {
  const registered = await demo.register(backend.store);
  log.info({ registered }, 'demo mode: registered the simulated SailPoint jobs');
}
if (config.security.auth.open && !config.demo) {
  log.warn(
    'Authentication is OFF: no GATEWAY_API_KEYS and no AUTH_JWKS_URL, so anyone who reaches this port can read and start imports.',
  );
}
let gateway: Awaited<ReturnType<typeof startGateway>>;
try {
  gateway = await startGateway({ config, log, backend });
} catch (error) {
  if (error instanceof ConfigError) {
    process.stderr.write(`${error.message}\n`);
    process.exit(2);
  }
  throw error;
}
await demo?.connectWebhooks(gateway.url);

let stopping = false;
async function stop(signal: string) {
  if (stopping) return;
  stopping = true;
  const graceMs = config.operations.shutdownGraceMs;
  // Armed before anything else, the log line included: that write may be the one that blocks.
  armShutdownDeadline(graceMs, log);
  log.info({ signal, graceMs }, 'shutting down: finishing requests in flight');
  await gateway.close(graceMs);
  await demo?.close();
  log.info('stopped');
  process.exit(0);
}
// Before the banner: whoever reads it may signal at once, and a signal that comes before its
// handler ends the process on the spot, without a graceful stop.
process.on('SIGINT', () => void stop('SIGINT'));
process.on('SIGTERM', () => void stop('SIGTERM'));

const lines: string[] = [];
if (demo) {
  lines.push('Demo mode: the gateway serves three local vendor simulators.');
  const ignored = config.ignoredByDemo ?? [];
  if (ignored.length > 0)
    lines.push(
      `Demo mode ignores ${ignored.join(', ')}: its data stays in a temporary SQLite store, and it serves without authentication.`,
    );
}
lines.push(
  `GraphQL:    ${gateway.url}/graphql`,
  `Playground: ${gateway.url}/graphql (open in a browser)`,
  `Metrics:    ${gateway.metricsUrl}`,
);
if (gateway.consoleUrl) lines.push(`Console:    ${gateway.consoleUrl} (the imports console)`);
if (demo) {
  const { fleetio, sailpoint, commercelayer } = demo.simulators;
  lines.push(
    `Simulators: fleetio ${fleetio.url}, sailpoint ${sailpoint.url}, commercelayer ${commercelayer.url}`,
  );
}
process.stdout.write(`${lines.join('\n')}\n`);

/**
 * `npm start`: with no provider configured, demo mode (simulators in-process); otherwise the
 * gateway against the configured vendors.
 */
import { ConfigError, loadConfig, type GatewayConfig } from './config.ts';
import { startDemo, type Demo } from './demo.ts';
import { startGateway } from './gateway.ts';
import { createLogger } from './log.ts';
import { SqliteImportStore } from './store/sqlite-import-store.ts';

const log = createLogger();

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

let demo: Demo | undefined;
if (config.demo) {
  demo = await startDemo(config);
  config = demo.config;
}
const store = new SqliteImportStore(config.dataDir);
if (demo) {
  const registered = await demo.register(store);
  log.info({ registered }, 'demo mode: registered the simulated SailPoint jobs');
}
const gateway = await startGateway(config, log, store);
await demo?.connectWebhooks(gateway.url);

const lines = [
  `GraphQL:    ${gateway.url}/graphql`,
  `Playground: ${gateway.url}/graphql (open in a browser)`,
];
if (demo) {
  lines.unshift('Demo mode: no provider is configured, so the gateway serves three local simulators.');
  lines.push(
    `Simulators: fleetio ${demo.simulators.fleetio.url}, sailpoint ${demo.simulators.sailpoint.url}, commercelayer ${demo.simulators.commercelayer.url}`,
  );
}
process.stdout.write(`${lines.join('\n')}\n`);

let stopping = false;
async function stop(signal: string) {
  if (stopping) return;
  stopping = true;
  log.info({ signal }, 'shutting down');
  await gateway.close();
  await demo?.close();
  process.exit(0);
}
process.on('SIGINT', () => void stop('SIGINT'));
process.on('SIGTERM', () => void stop('SIGTERM'));

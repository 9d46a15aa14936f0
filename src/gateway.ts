import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { GatewayConfig } from './config.ts';
import type { Logger } from './log.ts';
import { createSources } from './providers/catalog.ts';
import { ProviderSet } from './providers/provider-info.ts';
import { createApolloServer } from './server/apollo.ts';
import { createHttpServer } from './server/http-server.ts';
import type { ImportStore } from './store/import-store.ts';
import { SqliteImportStore } from './store/sqlite-import-store.ts';

export interface RunningGateway {
  url: string;
  providers: ProviderSet;
  store: ImportStore;
  close(): Promise<void>;
}

/** Wires store, vendor sources, GraphQL and HTTP together and starts listening. */
export async function startGateway(
  config: GatewayConfig,
  log: Logger,
  store?: ImportStore,
): Promise<RunningGateway> {
  const importStore = store ?? new SqliteImportStore(config.dataDir);
  const providers = new ProviderSet(createSources({ config, store: importStore, log }));
  const apollo = await createApolloServer(log);
  const server: Server = createHttpServer({
    apollo,
    providers,
    maxBodyBytes: config.maxBodyBytes,
    requestDeadlineMs: 25_000,
    playground: true,
    log,
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const host = config.host === '0.0.0.0' ? '127.0.0.1' : config.host;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  return {
    url,
    providers,
    store: importStore,
    async close() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await apollo.stop();
      await providers.close();
      importStore.close();
    },
  };
}

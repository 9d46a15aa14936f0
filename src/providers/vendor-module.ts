import type { Env } from '../env-values.ts';
import type { ImportSource } from '../imports/import-source.ts';
import type { ImportStore } from '../imports/import-store.ts';
import type { ImportProvider } from '../imports/model.ts';
import type { Logger } from '../log.ts';
import type { ForeignFields } from './create-fields.ts';
import type { UpstreamClientOptions } from './http/upstream-client.ts';
import type { WebhookReceiver } from './webhook-receiver.ts';

/**
 * Everything the gateway needs of one vendor, in one object its folder exports (`fleetioVendor`)
 * and that `satisfies` this type; VENDORS (vendors.ts) lists them. Configuration, the source
 * catalog, webhook routes, the demo, the provider labels and the GraphQL enum all read the list,
 * so a vendor is its folder and a line there (docs/ARCHITECTURE.md, Adding a vendor).
 */
export interface VendorModule<Settings = unknown> {
  /** The GraphQL enum value (`ImportProvider`), the same in global ids and logs. */
  readonly provider: ImportProvider;
  /** The vendor's name in every message about it. */
  readonly label: string;
  readonly settings: VendorSettingsReader<Settings>;
  /** The vendor's adaptor, once it is configured. */
  createSource(options: SourceOptions<Settings>): ImportSource;
  /** Present when the vendor sends import webhooks (SailPoint sends none). */
  readonly webhook?: VendorWebhook<Settings>;
  /** The `CreateImportInput` fields this vendor reads; another vendor refuses them by name. */
  readonly createFields?: readonly string[];
  /** How demo mode points the vendor at its simulator; absent, the demo goes without it. */
  readonly demo?: VendorDemo<Settings>;
}

export interface VendorSettingsReader<Settings> {
  /** Where GatewayConfig keeps the settings: `config.fleetio`. */
  readonly key: string;
  /** The variables that switch the vendor on, for the message of a production start without any. */
  readonly required: readonly string[];
  /** Undefined when the vendor is not configured; every mistake goes to `problems`, naming it by `label`. */
  read(options: { env: Env; problems: string[]; label: string }): Settings | undefined;
}

export interface SourceOptions<Settings> {
  settings: Settings;
  store: ImportStore;
  log: Logger;
  /** Timeouts and resilience of the vendor's HTTP client (README, Resilience). */
  upstream: UpstreamClientOptions;
  /** The other vendors' create fields, each with whose they are. */
  foreignFields: ForeignFields;
}

export interface VendorWebhook<Settings> {
  /** `POST /webhooks/<path>`. */
  readonly path: string;
  /** Undefined when no webhook secret is configured: deliveries are then refused. */
  createReceiver(options: { settings: Settings }): WebhookReceiver | undefined;
}

export interface VendorDemo<Settings> {
  /** The name of its simulator in src/simulators (`startSimulators`). */
  readonly simulator: string;
  /** Settings pointing at the simulator, with the demo's fresh webhook secret. */
  settings(options: { url: string; webhookSecret: string }): Settings;
  /** Imports the vendor cannot list, read from the simulator's control API into the store. */
  readonly seed?: {
    readonly controlPath: string;
    register(options: { store: ImportStore; listed: unknown; now: number }): Promise<number>;
  };
}

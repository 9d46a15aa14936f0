import type { ImportProvider } from './model.ts';
import { VENDOR_PROVIDERS } from './provider-roster.ts';
import type { ImportSource, ProviderCapability } from './import-source.ts';

export interface ProviderInfoModel {
  provider: ImportProvider;
  enabled: boolean;
  healthy: boolean;
  capabilities: ProviderCapability[];
}

/**
 * The enabled providers, by name; a provider without credentials is simply absent. `offered`: every
 * provider the gateway knows, in order (its vendors'; default those of VENDORS).
 */
export class ProviderSet {
  private readonly byProvider: Map<ImportProvider, ImportSource>;

  constructor(
    sources: readonly ImportSource[],
    private readonly offered: readonly ImportProvider[] = VENDOR_PROVIDERS,
  ) {
    this.byProvider = new Map(sources.map((source) => [source.provider, source]));
  }

  /** Every provider the gateway knows, enabled or not, in order. */
  get known(): readonly ImportProvider[] {
    return this.offered;
  }

  get enabled(): ImportSource[] {
    return this.offered.flatMap((provider) => this.byProvider.get(provider) ?? []);
  }

  get(provider: ImportProvider): ImportSource | undefined {
    return this.byProvider.get(provider);
  }

  info(): ProviderInfoModel[] {
    return this.offered.map((provider) => {
      const source = this.byProvider.get(provider);
      return {
        provider,
        enabled: source !== undefined,
        healthy: source?.isHealthy() ?? false,
        capabilities: source ? [...source.capabilities] : [],
      };
    });
  }

  async close(): Promise<void> {
    await Promise.all(this.enabled.map((source) => source.close()));
  }
}

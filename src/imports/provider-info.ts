import { IMPORT_PROVIDERS, type ImportProvider } from './model.ts';
import type { ImportSource, ProviderCapability } from './import-source.ts';

export interface ProviderInfoModel {
  provider: ImportProvider;
  enabled: boolean;
  healthy: boolean;
  capabilities: ProviderCapability[];
}

/** The enabled providers, by name; a provider without credentials is simply absent. */
export class ProviderSet {
  private readonly byProvider: Map<ImportProvider, ImportSource>;

  constructor(sources: readonly ImportSource[]) {
    this.byProvider = new Map(sources.map((source) => [source.provider, source]));
  }

  get enabled(): ImportSource[] {
    return IMPORT_PROVIDERS.flatMap((provider) => this.byProvider.get(provider) ?? []);
  }

  get(provider: ImportProvider): ImportSource | undefined {
    return this.byProvider.get(provider);
  }

  info(): ProviderInfoModel[] {
    return IMPORT_PROVIDERS.map((provider) => {
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

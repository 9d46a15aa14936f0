import type { ProviderSet } from '../providers/provider-info.ts';
import type { LiveImports } from './live-imports.ts';

/**
 * The live layer serving each provider set, so the context of an HTTP request (which the HTTP
 * server builds from the provider set alone) can reach it: a mutation tells it what it changed,
 * e.g. a deletion no poll can see. Weak, so a closed gateway's entry goes with it.
 */
const serving = new WeakMap<ProviderSet, LiveImports>();

export function serveLiveImports(providers: ProviderSet, live: LiveImports): () => void {
  serving.set(providers, live);
  return () => {
    if (serving.get(providers) === live) serving.delete(providers);
  };
}

export function liveImportsOf(providers: ProviderSet): LiveImports | undefined {
  return serving.get(providers);
}

import type { ImportFacts } from '../../store/import-facts.ts';

/**
 * The Commerce Layer imports the gateway itself interrupted. `interrupted` is the vendor's status
 * both for an `_interrupt` and for its own stop past 10 % of errors (providers/README.md §4); only
 * the gateway knows which was which, so it writes each interruption down (durably, in the store)
 * before sending it, and maps those imports to CANCELLED. Read afresh for every list, count and
 * lookup: with REDIS_URL another instance may have interrupted an import a moment ago.
 */
export class GatewayInterrupts {
  constructor(
    private readonly facts: ImportFacts,
    private readonly now: () => number,
  ) {}

  /** The imports interrupted through the gateway (through any instance sharing the store). */
  async current(): Promise<ReadonlySet<string>> {
    return new Set(await this.facts.idsWith('COMMERCE_LAYER', 'interrupted-by-gateway'));
  }

  remember(providerId: string): Promise<void> {
    return this.facts.set('COMMERCE_LAYER', providerId, 'interrupted-by-gateway', true, this.now());
  }

  forget(providerId: string): Promise<void> {
    return this.facts.remove('COMMERCE_LAYER', providerId, 'interrupted-by-gateway');
  }
}

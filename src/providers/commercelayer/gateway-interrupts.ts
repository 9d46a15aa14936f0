import type { ImportFacts } from '../../store/import-facts.ts';

/**
 * The Commerce Layer imports the gateway itself interrupted. `interrupted` is the vendor's status
 * both for an `_interrupt` and for its own stop past 10 % of errors (providers/README.md §4); only
 * the gateway knows which was which, so it writes each interruption down (durably, in the store)
 * before sending it, and maps those imports to CANCELLED. Read whole at start: the set holds only
 * imports interrupted through this gateway.
 */
export class GatewayInterrupts {
  private readonly ids: Set<string>;

  constructor(
    private readonly facts: ImportFacts,
    private readonly now: () => number,
  ) {
    this.ids = new Set(facts.idsWith('COMMERCE_LAYER', 'interrupted-by-gateway'));
  }

  has(providerId: string): boolean {
    return this.ids.has(providerId);
  }

  /** Whether any import was interrupted through the gateway (status filters then need a check here). */
  get any(): boolean {
    return this.ids.size > 0;
  }

  remember(providerId: string): void {
    this.facts.set('COMMERCE_LAYER', providerId, 'interrupted-by-gateway', true, this.now());
    this.ids.add(providerId);
  }

  forget(providerId: string): void {
    this.facts.remove('COMMERCE_LAYER', providerId, 'interrupted-by-gateway');
    this.ids.delete(providerId);
  }
}

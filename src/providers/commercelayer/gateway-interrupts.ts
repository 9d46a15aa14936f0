import type { ImportFacts } from '../../imports/import-facts.ts';
import { StoreOutageError } from '../../imports/failures.ts';

/**
 * The Commerce Layer imports the gateway itself interrupted. `interrupted` is the vendor's status
 * both for an `_interrupt` and for its own stop past 10 % of errors (specs/VENDOR-REFERENCE.md §4); only
 * the gateway knows which was which, so it writes each interruption down (durably, in the store)
 * before sending it, and maps those imports to CANCELLED. With a store shared by several
 * instances (Redis) the set is read afresh for every list, count and lookup, since another
 * instance may have interrupted an import a moment ago; otherwise it is read once and kept here.
 */
export class GatewayInterrupts {
  private known: Set<string> | undefined;

  constructor(
    private readonly facts: ImportFacts,
    private readonly now: () => number,
  ) {}

  /**
   * The imports interrupted through the gateway. While a shared store cannot be reached, the set
   * read last: no interruption can be sent meanwhile (each is written down first), so it lacks at
   * most one another instance made just before the outage, and Commerce Layer lists keep working.
   */
  async current(): Promise<ReadonlySet<string>> {
    if (this.known && !this.facts.shared) return this.known;
    try {
      this.known = new Set(await this.facts.idsWith('COMMERCE_LAYER', 'interrupted-by-gateway'));
    } catch (error) {
      if (!(error instanceof StoreOutageError)) throw error;
    }
    return this.known ?? new Set();
  }

  async remember(providerId: string): Promise<void> {
    await this.facts.set('COMMERCE_LAYER', providerId, 'interrupted-by-gateway', true, this.now());
    this.known?.add(providerId);
  }

  async forget(providerId: string): Promise<void> {
    await this.facts.remove('COMMERCE_LAYER', providerId, 'interrupted-by-gateway');
    this.known?.delete(providerId);
  }
}

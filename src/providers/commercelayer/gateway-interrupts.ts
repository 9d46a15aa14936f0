import type { ImportFacts } from '../../store/import-facts.ts';
import { StoreUnavailableError } from '../../store/redis-connection.ts';

/**
 * The Commerce Layer imports the gateway itself interrupted. `interrupted` is the vendor's status
 * both for an `_interrupt` and for its own stop past 10 % of errors (providers/README.md §4); only
 * the gateway knows which was which, so it writes each interruption down (durably, in the store)
 * before sending it, and maps those imports to CANCELLED. Read afresh for every list, count and
 * lookup: with REDIS_URL another instance may have interrupted an import a moment ago.
 */
export class GatewayInterrupts {
  private lastRead: ReadonlySet<string> = new Set();

  constructor(
    private readonly facts: ImportFacts,
    private readonly now: () => number,
  ) {}

  /**
   * The imports interrupted through the gateway (through any instance sharing the store). While
   * the store cannot be reached, the set read last: no interruption can be sent meanwhile (each is
   * written down first), so it lacks at most one another instance made just before the outage,
   * and Commerce Layer lists keep working.
   */
  async current(): Promise<ReadonlySet<string>> {
    try {
      this.lastRead = new Set(await this.facts.idsWith('COMMERCE_LAYER', 'interrupted-by-gateway'));
    } catch (error) {
      if (!(error instanceof StoreUnavailableError)) throw error;
    }
    return this.lastRead;
  }

  remember(providerId: string): Promise<void> {
    return this.facts.set('COMMERCE_LAYER', providerId, 'interrupted-by-gateway', true, this.now());
  }

  forget(providerId: string): Promise<void> {
    return this.facts.remove('COMMERCE_LAYER', providerId, 'interrupted-by-gateway');
  }
}

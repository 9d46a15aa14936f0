import { compareProviderIds } from '../../imports/order.ts';
import type { Logger } from '../../log.ts';

/**
 * Whether the vendor's `sort=<field>,id` orders imports that share a timestamp as the README
 * does (`gateway`), differently (`other`), or not yet known. The vendor documents the sort
 * (`sort=-created_at,id`) but not how it compares ids [I]: by the string in some collation, or by
 * a hidden integer key. Only when it matches can a page stop exactly at its last item without
 * reading the next timestamp; otherwise the tie-safe takeAfter walk is used.
 */
export type TieOrder = 'unknown' | 'gateway' | 'other';

/** Enough ids that a case-insensitive collation or an integer key would show (ids are 10 mixed-case letters [D]). */
export const PROBE_SIZE = 25;

/**
 * Learns the vendor's id order once per source lifetime from one request of `PROBE_SIZE` imports
 * sorted by `-id`, and forgets trust for good as soon as any answer shows a tie out of order.
 * Concurrent callers share one probe. An organization with fewer than two imports teaches
 * nothing, so the question stays open (and its lists are one page anyway).
 */
export class TieOrderProbe {
  private known: TieOrder;
  private probing: Promise<TieOrder> | undefined;

  constructor(
    private readonly probe: () => Promise<string[]>,
    private readonly log: Logger,
    trust: boolean,
  ) {
    this.known = trust ? 'unknown' : 'other';
  }

  async current(): Promise<TieOrder> {
    if (this.known !== 'unknown') return this.known;
    this.probing ??= this.learn().finally(() => {
      this.probing = undefined;
    });
    return this.probing;
  }

  /** An answer put two imports of one timestamp out of the gateway's order. */
  contradicted(): void {
    if (this.known === 'other') return;
    this.known = 'other';
    this.warn();
  }

  private async learn(): Promise<TieOrder> {
    const descending = await this.probe();
    if (descending.length < 2) return 'unknown';
    const same = descending.every(
      (id, index) => index === 0 || compareProviderIds(descending[index - 1]!, id) > 0,
    );
    if (this.known === 'unknown') {
      this.known = same ? 'gateway' : 'other';
      if (!same) this.warn();
    }
    return this.known;
  }

  private warn(): void {
    this.log.warn(
      { provider: 'COMMERCE_LAYER' },
      'Commerce Layer orders import ids differently from the gateway; lists use the tie-safe walk from now on',
    );
  }
}

import type { Import } from '../../imports/model.ts';
import { comparePositions, positionOf } from '../../imports/order.ts';
import type { ListRequest } from '../../imports/import-source.ts';
import type { ListPlan } from './list-plan.ts';

/**
 * `per_page` of `GET /v1/imports` is 2..100 (specs/VENDOR-REFERENCE.md §1 [D]); a page that needs 1
 * asks for 2.
 */
export const MIN_PER_PAGE = 2;
export const MAX_PER_PAGE = 100;

/**
 * When checks made here drop records, the first page guesses that one record in this many matches
 * (one resource type of Fleetio's dozen, say, skewed towards the common ones) [I]; later pages
 * scale by the share actually seen.
 */
const GUESSED_DROP_RATIO = 4;

const clamp = (size: number) => Math.min(MAX_PER_PAGE, Math.max(MIN_PER_PAGE, Math.ceil(size)));

/**
 * How many records to ask Fleetio for, page after page of one walk: what the page still needs, plus
 * one record past the last one wanted (takeAfter trusts a timestamp only once a later one was
 * seen), plus the cursor's own import when it is a Fleetio one (the inclusive bound returns it
 * again). When checks made here drop records, pages are bigger by the share expected to match.
 */
export class PageSizer {
  private fetched = 0;
  private readonly kept: Import[] = [];

  constructor(
    private readonly request: ListRequest,
    private readonly plan: ListPlan,
  ) {}

  next(): number {
    const { limit, after } = this.request;
    // Whole pages for the page cache: one request of 100 serves several pages of a walk.
    if (this.request.prefetch) return MAX_PER_PAGE;
    if (this.fetched === 0) {
      const wanted = limit + 1 + (after?.provider === 'FLEETIO' ? 1 : 0);
      return clamp(this.plan.dropsItems ? wanted * GUESSED_DROP_RATIO : wanted);
    }
    const field = this.request.order.field;
    const last = this.kept[this.kept.length - 1];
    const lastAt = last && positionOf(last, field).at;
    const unsettled = this.kept.filter((item) => positionOf(item, field).at === lastAt).length;
    const needed = limit - this.kept.length + unsettled + 1;
    if (!this.plan.dropsItems) return clamp(needed);
    return this.kept.length === 0 ? MAX_PER_PAGE : clamp((needed * this.fetched) / this.kept.length);
  }

  /** Records one vendor page, in the vendor's order. */
  saw(items: readonly Import[]): void {
    const { order, after } = this.request;
    this.fetched += items.length;
    for (const item of items) {
      if (!this.plan.accept(item)) continue;
      if (after && comparePositions(positionOf(item, order.field), after, order.direction) <= 0) continue;
      this.kept.push(item);
    }
  }
}

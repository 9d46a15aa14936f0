import type { Import } from '../../imports/model.ts';

/** Commerce Layer's largest `page[size]` [D][S]. */
export const MAX_PAGE_SIZE = 25;

export interface FetchedPage {
  /** The page's imports, mapped, in the vendor's order. */
  items: Import[];
  /** `meta.record_count`: records matching the query's filters, on every page. */
  recordCount: number;
  /** `meta.page_count` at this page size. */
  pageCount: number;
}

/**
 * The pages of one vendor query at one page size, by `page[number]`, each fetched at most once
 * per list call: the first round asks several at once, and a walk that changes its mind (the
 * tie-order check in list-walk.ts) reads them again from here instead of from the vendor.
 */
export class VendorPages {
  private readonly pages = new Map<number, Promise<FetchedPage>>();

  constructor(
    readonly size: number,
    private readonly fetch: (number: number, size: number) => Promise<FetchedPage>,
  ) {}

  page(number: number): Promise<FetchedPage> {
    let page = this.pages.get(number);
    if (!page) {
      page = this.fetch(number, this.size);
      // A page asked ahead and then not awaited must not become an unhandled rejection.
      page.catch(() => undefined);
      this.pages.set(number, page);
    }
    return page;
  }

  /** Pages `from`..`from + count - 1`, asked concurrently, answered in order. */
  pagesFrom(from: number, count: number): Promise<FetchedPage[]> {
    return Promise.all(Array.from({ length: count }, (_, index) => this.page(from + index)));
  }

  /** True when page `number` is the last one with records (or past it). */
  isLast(number: number, page: FetchedPage): boolean {
    return number >= page.pageCount || page.items.length < this.size;
  }
}

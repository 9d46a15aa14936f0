import { h } from '../dom.ts';

export interface Pager {
  element: HTMLElement;
  /** What the list allows now: more to load, or not; `shown` rows so far. */
  update(state: { hasNextPage: boolean; shown: number }): void;
  dispose(): void;
}

/**
 * The end of the list: it loads the next page when it scrolls into view (an IntersectionObserver
 * on a sentinel), and offers a "Load more" button for the keyboard, for browsers without the
 * observer, and as a way to go on when a page came back empty (a vendor searched only in part).
 */
export function pager(loadNext: () => Promise<void>): Pager {
  let hasNextPage = false;
  let loading = false;
  let shown = 0;
  // Focusable from code: it takes the focus from the button when the last page hides it.
  const status = h('p', { class: 'list-pager-status', role: 'status', tabindex: -1 });
  const button = h(
    'button',
    { type: 'button', id: 'list-more', class: 'secondary', on: { click: () => void more() } },
    'Load more',
  );
  const sentinel = h('div', { class: 'list-sentinel', 'aria-hidden': 'true' });
  const element = h('div', { class: 'list-pager' }, sentinel, button, status);
  const observer =
    typeof IntersectionObserver === 'function'
      ? new IntersectionObserver(
          (entries) => {
            if (entries.some((entry) => entry.isIntersecting)) void more();
          },
          { rootMargin: '0px 0px 400px 0px' },
        )
      : undefined;
  observer?.observe(sentinel);

  const more = async () => {
    if (loading || !hasNextPage) return;
    loading = true;
    // Not disabled: a disabled button would drop the keyboard focus; a second press waits instead.
    button.setAttribute('aria-disabled', 'true');
    status.textContent = 'Loading more imports…';
    try {
      await loadNext();
    } finally {
      loading = false;
      button.removeAttribute('aria-disabled');
      say();
      // Observed again: if the sentinel is still in view (a short page), the observer says so
      // at once, and the next page loads.
      observer?.unobserve(sentinel);
      observer?.observe(sentinel);
    }
  };

  const say = () => {
    const hadFocus = document.activeElement === button;
    button.hidden = !hasNextPage;
    if (hadFocus && button.hidden) status.focus();
    if (loading) return;
    status.textContent = hasNextPage || shown === 0 ? '' : `End of the list: all ${shown} shown.`;
  };

  return {
    element,
    update(state) {
      hasNextPage = state.hasNextPage;
      shown = state.shown;
      say();
    },
    dispose() {
      observer?.disconnect();
    },
  };
}

import type { ConsoleContext, ConsoleView } from '../context.ts';
import { h } from '../dom.ts';
import type { ConsoleRoute } from '../route.ts';

/** A placeholder until the view is built. */
export function showDetail(
  _context: ConsoleContext,
  route: Extract<ConsoleRoute, { view: 'detail' }>,
): ConsoleView {
  return { element: h('section', null, h('h1', null, 'detail'), JSON.stringify(route)), dispose() {} };
}

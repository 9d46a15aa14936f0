import type { ConsoleContext, ConsoleView } from '../context.ts';
import { h } from '../dom.ts';
import type { ConsoleRoute } from '../route.ts';

/** A placeholder until the view is built. */
export function showCreate(
  _context: ConsoleContext,
  route: Extract<ConsoleRoute, { view: 'create' }>,
): ConsoleView {
  return { element: h('section', null, h('h1', null, 'create'), JSON.stringify(route)), dispose() {} };
}

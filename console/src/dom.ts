import { formatInstant } from './words.ts';

/**
 * Elements built in code: text is always set as text (never parsed as HTML), so nothing a vendor
 * or a file says can run in the page, and the Content-Security-Policy needs no inline script.
 */
type Child = Node | string | number | null | undefined | false;
type AttributeValue = string | number | boolean | null | undefined;
/** Attributes by name; `on` holds event listeners by event name, e.g. `{ on: { click: () => … } }`. */
type Attributes = { [name: string]: AttributeValue | Listeners; on?: Listeners };
type Listeners = Record<string, (event: Event) => void>;

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: Attributes | null = null,
  ...children: (Child | Child[])[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes ?? {})) {
    if (name === 'on') {
      for (const [event, listener] of Object.entries(value as Listeners))
        element.addEventListener(event, listener);
    } else if (value === true) element.setAttribute(name, '');
    else if (typeof value === 'string' || typeof value === 'number')
      element.setAttribute(name, String(value));
  }
  append(element, children);
  return element;
}

export function append(parent: Node, children: (Child | Child[])[]): void {
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    parent.appendChild(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/** Replaces everything inside `parent`. */
export function replaceChildren(parent: Element, ...children: (Child | Child[])[]): void {
  parent.replaceChildren();
  append(parent, children);
}

/** An instant in the viewer's locale and time zone, the exact value in `datetime` (and as a tooltip); a dash when there is none. */
export function timeElement(iso: string | null | undefined): HTMLTimeElement | string {
  if (!iso) return '—';
  return h('time', { datetime: iso, title: iso }, formatInstant(iso));
}

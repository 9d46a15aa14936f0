/**
 * The route a vendor request took, as one of the vendor's path templates (`/imports/{id}`), for
 * span names and `url.template`. Never the URL itself: ids would make every span name unique, and
 * a query can hold what a vendor treats as a secret. Ids cannot be told from words by their look
 * (a Commerce Layer id may be ten lowercase letters: specs/VENDOR-REFERENCE.md §6), so each vendor
 * declares its templates and the path's last segments must match one, `{…}` matching any
 * segment; the base URL's own path (Fleetio's `/api`) comes before them and is left out.
 */
export const UNKNOWN_ROUTE = '{unlisted}';

export function routeTemplate(url: string, templates: readonly string[]): string {
  const pathStart = url.indexOf('/', url.indexOf('//') + 2);
  if (pathStart < 0) return UNKNOWN_ROUTE;
  const path = url.slice(pathStart).split(/[?#]/, 1)[0]!;
  const segments = path.split('/').filter((segment) => segment !== '');
  for (const template of templates) {
    const parts = template.split('/').filter((part) => part !== '');
    if (parts.length > segments.length) continue;
    const tail = segments.slice(segments.length - parts.length);
    if (parts.every((part, index) => isPlaceholder(part) || part === tail[index])) return template;
  }
  return UNKNOWN_ROUTE;
}

const isPlaceholder = (part: string) => part.startsWith('{') && part.endsWith('}');

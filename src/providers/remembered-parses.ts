/**
 * Vendor timestamps repeat on every list page that shows an import, and each one was checked
 * with a regular expression and parsed on every request, twice (once to validate the body, once to
 * map it). A parse is a pure function of its text, so the results of the last `limit` distinct
 * texts are remembered: a page of 100 Fleetio imports then costs a few hundred map lookups
 * instead of as many regex matches and `Date.parse` calls (bench/NOTES.md). The memory stays
 * bounded: past `limit` entries the map starts again.
 */
export function rememberParses<T>(parse: (text: string) => T, limit = 10_000): (text: string) => T {
  const results = new Map<string, T>();
  return (text) => {
    const known = results.get(text);
    if (known !== undefined || results.has(text)) return known as T;
    const result = parse(text);
    if (results.size >= limit) results.clear();
    results.set(text, result);
    return result;
  };
}

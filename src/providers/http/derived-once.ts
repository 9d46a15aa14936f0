/**
 * Work derived from one vendor answer, done once per answer. Concurrent identical GETs share one
 * vendor request (resilience/single-flight.ts), and every caller that joined the flight receives
 * the same UpstreamResponse object; parsing, validating and mapping that body again for each of
 * them was about a sixth of the gateway's CPU at concurrency 10 (bench/NOTES.md). So each step
 * keeps its result beside the object it was derived from, in a WeakMap: the result lives exactly
 * as long as the answer does, and nothing is answered from memory after the flight's callers are
 * done with it (STYLE.md: deduplicate in-flight requests only). A step that throws keeps nothing,
 * so each caller gets its own error.
 *
 * Results are shared by reference between callers, so they must be read only, as the Import
 * model and the wire shapes are everywhere past the adaptors.
 */
export function derivedOnce<K extends object, V>(cache: WeakMap<K, V>, key: K, derive: (key: K) => V): V {
  if (cache.has(key)) return cache.get(key)!;
  const value = derive(key);
  cache.set(key, value);
  return value;
}

/**
 * Vendor URL paths, built so that no id can change which resource a request reaches. Each segment
 * is percent-encoded, so `/`, `?`, `#` and `%` in an id stay inside its segment. Encoding cannot
 * protect `.` and `..`: a URL parser resolves them (and their spellings `%2e`, `.%2e`, …) and the
 * request moves up the path, so `UpstreamClient` refuses any URL with such a segment (`movesPath`).
 */
export function vendorPath(...segments: string[]): string {
  return segments.map((segment) => `/${encodeURIComponent(segment)}`).join('');
}

/** A segment a WHATWG URL parser treats as `.` or `..` (URL Standard, "single-dot"/"double-dot" segment). */
function isDotSegment(segment: string): boolean {
  const plain = segment.replace(/%2e/gi, '.');
  return plain === '.' || plain === '..';
}

/**
 * True when the path of absolute URL `url`, as written, holds a dot segment, which `new URL()`
 * would resolve into another path. Backslashes count as slashes, as in http(s) URLs they do.
 */
export function movesPath(url: string): boolean {
  const match = /^[A-Za-z][A-Za-z0-9+.-]*:[/\\]{2}[^/\\?#]*([^?#]*)/.exec(url);
  if (!match) return true;
  return match[1]!.split(/[/\\]/).some(isDotSegment);
}

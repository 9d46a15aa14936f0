/**
 * Calls a simulator's control API (`/__sim/…`, the README, Simulators) at `url`, for the tests,
 * the demo and the benchmark. Answers the JSON body; a status other than 2xx is thrown with the
 * simulator's own words.
 */
export async function controlSimulator<T>(
  url: string,
  method: string,
  path: string,
  body?: unknown,
): Promise<T> {
  const response = await fetch(url + path, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path} answered ${response.status}: ${text}`);
  return (text ? JSON.parse(text) : undefined) as T;
}

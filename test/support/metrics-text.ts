/** The value of one sample of a Prometheus text page, e.g. `sample(text, 'gateway_active_subscriptions')`. */
export function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  for (const line of text.split('\n')) {
    if (!line.startsWith(name)) continue;
    const match = /^([a-z_]+)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const present: Record<string, string> = {};
    for (const [, key, value] of (match[2] ?? '').matchAll(/(\w+)="([^"]*)"/g)) present[key!] = value!;
    if (Object.entries(labels).every(([key, value]) => present[key] === value)) return Number(match[3]);
  }
  return undefined;
}

/** `gateway_graphql_operations_total` for these labels, scraped now from `metricsUrl` (0 when absent). */
export async function operationsCounted(metricsUrl: string, labels: Record<string, string>): Promise<number> {
  const text = await (await fetch(metricsUrl)).text();
  return sample(text, 'gateway_graphql_operations_total', labels) ?? 0;
}

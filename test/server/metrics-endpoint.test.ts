/**
 * /metrics as operators deploy it: on a port of its own (METRICS_PORT) or on the gateway's, with
 * the operation names clients choose bounded in number and length, through real HTTP.
 */
import { describe, expect, it } from 'vitest';
import type { GatewayConfig } from '../../src/config.ts';
import { useGateway } from '../support/gateway.ts';
import { spawnMain } from '../support/gateway-process.ts';

const gateway = useGateway({ providers: ['commercelayer'], imports: 1, env: { METRICS_PORT: '0' } });

async function run(url: string, query: string): Promise<void> {
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query }),
  });
  expect(await response.json()).toEqual({ data: { __typename: 'Query' } });
}

/** `operation` label → operations counted, summed over types and outcomes. */
function operationCounts(text: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const [, operation, value] of text.matchAll(
    /^gateway_graphql_operations_total\{[^}]*operation="([^"]*)"[^}]*\} (\d+)$/gm,
  ))
    counts.set(operation!, (counts.get(operation!) ?? 0) + Number(value));
  return counts;
}

function withoutMetricsPort(config: GatewayConfig): GatewayConfig {
  return { ...config, metrics: { ...config.metrics, port: undefined } };
}

describe('METRICS_PORT', () => {
  it('serves /metrics on its own port, on 127.0.0.1 by default, and 404 for it on the main port', async () => {
    const { url, metricsUrl } = gateway.gateway;
    expect(new URL(metricsUrl).pathname).toBe('/metrics');
    expect(new URL(metricsUrl).hostname).toBe('127.0.0.1');
    expect(new URL(metricsUrl).port).not.toBe(new URL(url).port);
    await run(url, 'query Ping { __typename }');

    const scraped = await fetch(metricsUrl);
    expect(scraped.status).toBe(200);
    expect(scraped.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(operationCounts(await scraped.text()).get('Ping')).toBe(1);

    const onMain = await fetch(`${url}/metrics`);
    expect(onMain.status).toBe(404);
    expect(await onMain.json()).toMatchObject({ errors: [{ extensions: { code: 'NOT_FOUND' } }] });
    // And the metrics port serves nothing but /metrics.
    expect((await fetch(new URL('/graphql', metricsUrl))).status).toBe(404);
  });

  it('closes with the gateway', async () => {
    const instance = await gateway.startInstance();
    expect((await fetch(instance.metricsUrl)).status).toBe(200);
    await instance.close();
    await expect(fetch(instance.metricsUrl)).rejects.toThrow();
  });

  it('is reported by src/main.ts at start-up', async () => {
    // Demo mode: the simulators run inside the child, nothing else to configure.
    const main = await spawnMain({ PORT: '0', METRICS_PORT: '0' });
    try {
      expect(main.metricsUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/metrics$/);
      expect(new URL(main.metricsUrl!).port).not.toBe(new URL(main.url).port);
      expect((await fetch(main.metricsUrl!)).status).toBe(200);
      expect((await fetch(`${main.url}/metrics`)).status).toBe(404);
    } finally {
      await main.kill();
    }
  });

  it('refuses to start on a port already taken, saying so', async () => {
    const taken = Number(new URL(gateway.gateway.metricsUrl).port);
    await expect(
      gateway.startInstance({
        configure: (config) => ({ ...config, metrics: { ...config.metrics, port: taken } }),
      }),
    ).rejects.toThrow(
      `METRICS_PORT ${taken} on METRICS_HOST 127.0.0.1 cannot be listened on: another process listens on that port.`,
    );
  });

  it('unset: /metrics stays on the main port', async () => {
    const instance = await gateway.startInstance({ configure: withoutMetricsPort });
    try {
      expect(instance.metricsUrl).toBe(`${instance.url}/metrics`);
      expect((await fetch(instance.metricsUrl)).status).toBe(200);
    } finally {
      await instance.close();
    }
  });
});

describe('operation names in metrics', () => {
  it('keeps the first 100 distinct names, cut to 64 characters, and counts the rest as other', async () => {
    // An instance of its own, whose metrics have seen no operation yet, serving them on its port.
    const instance = await gateway.startInstance({ configure: withoutMetricsPort });
    try {
      const long = `Long${'x'.repeat(4_996)}`;
      await run(instance.url, `query ${long} { __typename }`);
      for (let index = 0; index < 150; index += 1)
        await run(instance.url, `query Distinct${index} { __typename }`);
      await run(instance.url, `query ${long} { __typename }`);

      const counts = operationCounts(await (await fetch(`${instance.url}/metrics`)).text());
      expect(counts.size).toBe(101);
      expect(counts.get(long.slice(0, 64))).toBe(2);
      expect([...counts.keys()].filter((name) => name.length > 64)).toEqual([]);
      // The long name took one of the 100: Distinct0 to Distinct98 are kept, 51 others are not.
      expect(counts.get('Distinct98')).toBe(1);
      expect(counts.has('Distinct99')).toBe(false);
      expect(counts.get('other')).toBe(51);
    } finally {
      await instance.close();
    }
  });
});

import type { LoadResult, LoadSpec } from '../load-generator.ts';
import { runLoadProcess, type GatewayProcess, type SimulatorProcess } from '../processes.ts';
import { round, type TargetCheck } from '../report.ts';

export const OVERHEAD_QUERY = `{ imports(first: 25, filter: { providers: [FLEETIO, COMMERCE_LAYER] }) {
  edges { cursor node { id provider providerId status createdAt } } } }`;

async function setLatency(simulators: SimulatorProcess, latencyMs: number, jitterMs: number) {
  await Promise.all(
    Object.values(simulators.urls).map((url) =>
      fetch(`${url}/__sim/faults`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ latencyMs, jitterMs, rateLimits: false }),
      }),
    ),
  );
}

async function pair(
  simulators: SimulatorProcess,
  gateway: GatewayProcess,
  concurrency: number,
  quick: boolean,
) {
  const timing = { concurrency, durationMs: quick ? 2_000 : 6_000, warmupMs: quick ? 300 : 1_000 };
  const viaGateway: LoadSpec = {
    ...timing,
    target: { kind: 'gateway', url: gateway.url, query: OVERHEAD_QUERY },
  };
  const direct: LoadSpec = {
    ...timing,
    target: {
      kind: 'direct',
      fleetioUrl: simulators.urls.fleetio,
      commerceLayerUrl: simulators.urls.commercelayer,
      pageSize: 25,
    },
  };
  return { gateway: await runLoadProcess(viaGateway), direct: await runLoadProcess(direct) };
}

const row = (label: string, result: LoadResult) =>
  `| ${label} | ${round(result.p50Ms)} | ${round(result.p99Ms)} | ${round(result.requestsPerSecond, 0)} | ${result.errors} |`;

/** Scenario 1: 20 ± 5 ms per vendor response, concurrency 1, 10, 50. */
export async function overheadScenario(
  simulators: SimulatorProcess,
  gateway: GatewayProcess,
  quick: boolean,
) {
  await setLatency(simulators, 20, 5);
  const results: Record<string, { gateway: LoadResult; direct: LoadResult }> = {};
  const lines = [
    '## 1. Overhead (vendors at 20 ± 5 ms)',
    '',
    '| run | p50 ms | p99 ms | req/s | errors |',
    '|---|---|---|---|---|',
  ];
  for (const concurrency of [1, 10, 50]) {
    const measured = await pair(simulators, gateway, concurrency, quick);
    results[`c${concurrency}`] = measured;
    lines.push(
      row(`gateway, concurrency ${concurrency}`, measured.gateway),
      row(`direct, concurrency ${concurrency}`, measured.direct),
    );
  }
  const at10 = results.c10!;
  const addedP50 = at10.gateway.p50Ms - at10.direct.p50Ms;
  const addedP99 = at10.gateway.p99Ms - at10.direct.p99Ms;
  lines.push(
    '',
    `Added latency at concurrency 10: p50 ${round(addedP50)} ms, p99 ${round(addedP99)} ms.`,
    '',
  );
  const targets: TargetCheck[] = [
    {
      name: 'Added p50 latency at concurrency 10',
      value: addedP50,
      unit: 'ms',
      target: '≤ 2 ms',
      pass: addedP50 <= 2,
    },
    {
      name: 'Added p99 latency at concurrency 10',
      value: addedP99,
      unit: 'ms',
      target: '≤ 10 ms',
      pass: addedP99 <= 10,
    },
  ];
  await setLatency(simulators, 0, 0);
  return { results, table: lines.join('\n'), targets };
}

/** Scenario 2: no simulated latency; the ratio of requests per second is the figure. */
export async function throughputScenario(
  simulators: SimulatorProcess,
  gateway: GatewayProcess,
  quick: boolean,
) {
  await setLatency(simulators, 0, 0);
  const measured = await pair(simulators, gateway, 10, quick);
  const ratio = measured.gateway.requestsPerSecond / Math.max(1, measured.direct.requestsPerSecond);
  const table = [
    '## 2. Throughput (vendors at 0 ms, concurrency 10)',
    '',
    '| run | p50 ms | p99 ms | req/s | errors |',
    '|---|---|---|---|---|',
    row('gateway', measured.gateway),
    row('direct', measured.direct),
    '',
    `Throughput ratio gateway / direct: ${round(ratio)}.`,
    '',
  ].join('\n');
  const targets: TargetCheck[] = [
    {
      name: 'Throughput ratio (gateway / direct)',
      value: ratio,
      unit: '×',
      target: '≥ 0.8',
      pass: ratio >= 0.8,
    },
  ];
  return { results: { ...measured, ratio }, table, targets };
}

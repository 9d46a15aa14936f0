import type { LoadResult, LoadSpec } from '../load-generator.ts';
import type { GatewayProcess, LoadProcess, SimulatorProcess } from '../processes.ts';
import { round, type TargetCheck } from '../report.ts';
import { setLatency } from '../sim-control.ts';

export const OVERHEAD_QUERY = `{ imports(first: 25, filter: { providers: [FLEETIO, COMMERCE_LAYER] }) {
  edges { cursor node { id provider providerId status createdAt } } } }`;

/** The medians over rounds of each figure of one side (gateway or direct). */
export interface SideResult {
  p50Ms: number;
  p99Ms: number;
  requestsPerSecond: number;
  errors: number;
  rounds: LoadResult[];
}

export interface PairResult {
  gateway: SideResult;
  direct: SideResult;
  /** gateway / direct */
  ratios: { p50: number; p99: number; throughput: number };
  /** gateway − direct, ms */
  added: { p50Ms: number; p99Ms: number };
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};

function side(rounds: LoadResult[]): SideResult {
  return {
    p50Ms: median(rounds.map((run) => run.p50Ms)),
    p99Ms: median(rounds.map((run) => run.p99Ms)),
    requestsPerSecond: median(rounds.map((run) => run.requestsPerSecond)),
    errors: rounds.reduce((sum, run) => sum + run.errors, 0),
    rounds,
  };
}

/**
 * Gateway and direct baseline in alternating rounds (gateway, direct, gateway, …), so a change in
 * the machine's load during the run weighs on both sides alike; each figure is the median of its
 * rounds.
 */
export async function comparePair(
  simulators: SimulatorProcess,
  gateway: GatewayProcess,
  load: LoadProcess,
  concurrency: number,
  quick: boolean,
): Promise<PairResult> {
  const timing = { concurrency, durationMs: quick ? 1_500 : 3_000, warmupMs: quick ? 300 : 500 };
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
  const gatewayRounds: LoadResult[] = [];
  const directRounds: LoadResult[] = [];
  for (let round = 0; round < (quick ? 1 : 3); round++) {
    gatewayRounds.push(await load.run(viaGateway));
    directRounds.push(await load.run(direct));
  }
  const g = side(gatewayRounds);
  const d = side(directRounds);
  return {
    gateway: g,
    direct: d,
    ratios: {
      p50: g.p50Ms / d.p50Ms,
      p99: g.p99Ms / d.p99Ms,
      throughput: g.requestsPerSecond / Math.max(1, d.requestsPerSecond),
    },
    added: { p50Ms: g.p50Ms - d.p50Ms, p99Ms: g.p99Ms - d.p99Ms },
  };
}

const HEADER = [
  '| concurrency | gateway p50 / p99 ms | direct p50 / p99 ms | added p50 / p99 ms | p50 ratio | p99 ratio | gateway req/s | direct req/s | throughput ratio | errors |',
  '|---|---|---|---|---|---|---|---|---|---|',
];

function row(concurrency: number, pair: PairResult): string {
  const { gateway: g, direct: d } = pair;
  return `| ${concurrency} | ${round(g.p50Ms)} / ${round(g.p99Ms)} | ${round(d.p50Ms)} / ${round(d.p99Ms)} | ${round(pair.added.p50Ms)} / ${round(pair.added.p99Ms)} | ${round(pair.ratios.p50)} | ${round(pair.ratios.p99)} | ${round(g.requestsPerSecond, 0)} | ${round(d.requestsPerSecond, 0)} | ${round(pair.ratios.throughput)} | ${g.errors + d.errors} |`;
}

/** Scenario 1: 20 ± 5 ms per vendor response, concurrency 1, 10, 50. */
export async function overheadScenario(
  simulators: SimulatorProcess,
  gateway: GatewayProcess,
  load: LoadProcess,
  quick: boolean,
) {
  await setLatency(simulators, 20, 5);
  const results: Record<string, PairResult> = {};
  const lines = ['## 1. Overhead (vendors at 20 ± 5 ms)', '', ...HEADER];
  for (const concurrency of [1, 10, 50]) {
    const measured = await comparePair(simulators, gateway, load, concurrency, quick);
    results[`c${concurrency}`] = measured;
    lines.push(row(concurrency, measured));
  }
  lines.push('');
  const at10 = results.c10!;
  const targets: TargetCheck[] = [
    {
      name: 'Added p50 latency at concurrency 10',
      value: at10.added.p50Ms,
      unit: 'ms',
      target: '≤ 2 ms',
      pass: at10.added.p50Ms <= 2,
    },
    {
      name: 'Added p99 latency at concurrency 10',
      value: at10.added.p99Ms,
      unit: 'ms',
      target: '≤ 10 ms',
      pass: at10.added.p99Ms <= 10,
    },
  ];
  await setLatency(simulators, 0, 0);
  return { results, table: lines.join('\n'), targets };
}

/** Scenario 2: no simulated latency; the ratio of requests per second is the figure. */
export async function throughputScenario(
  simulators: SimulatorProcess,
  gateway: GatewayProcess,
  load: LoadProcess,
  quick: boolean,
) {
  await setLatency(simulators, 0, 0);
  const measured = await comparePair(simulators, gateway, load, 10, quick);
  const table = ['## 2. Throughput (vendors at 0 ms)', '', ...HEADER, row(10, measured), ''].join('\n');
  const targets: TargetCheck[] = [
    {
      name: 'Throughput ratio (gateway / direct) at 0 ms',
      value: measured.ratios.throughput,
      unit: '×',
      target: '≥ 0.8',
      pass: measured.ratios.throughput >= 0.8,
    },
  ];
  return { results: measured, table, targets };
}

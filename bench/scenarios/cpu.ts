/**
 * Scenario 7: the gateway's own CPU time per operation, read from /proc/<pid>/stat around a run of
 * load at concurrency 10 with the vendors answering at once, for four kinds of operation: a page
 * of 25 with every scalar from all three vendors (each request with a `createdBefore` of its own,
 * so no two are coalesced), `node` by id, a mutation, and (from scenario 4, when it ran) one
 * subscription event delivered. CPU time moves much less with the machine's load than latency.
 *
 * With `traced`, a second gateway exporting every span (OTLP/HTTP protobuf, every trace sampled)
 * to a local sink is measured in the same rounds, alternating with the first, so the table gives
 * tracing's cost per operation beside the figure with tracing off (docs/OPERATIONS.md, Traces).
 */
import type { LoadSpec } from '../load-generator.ts';
import { cpuSecondsOf, type GatewayProcess, type LoadProcess, type SimulatorProcess } from '../processes.ts';
import type { OtlpSink } from '../otlp-sink.ts';
import { round, type TargetCheck } from '../report.ts';
import { control, graphql, setLatency } from '../sim-control.ts';

const IMPORT_FIELDS = `id provider providerId status providerStatus terminal resourceType fileName format
  createdAt updatedAt startedAt completedAt changeableUntil progress expiredAt
  counts { total processed errors warnings }`;

export const PAGE_OF_25 = `query Page($createdBefore: DateTime) {
  imports(first: 25, filter: { providers: [FLEETIO, SAILPOINT, COMMERCE_LAYER], createdBefore: $createdBefore }) {
    edges { cursor node { ${IMPORT_FIELDS} } }
    pageInfo { hasNextPage endCursor }
  } }`;
const NODE_BY_ID = `query Node($id: ID!) { node(id: $id) { ... on Import { ${IMPORT_FIELDS} } } }`;
/** Re-registering a known SailPoint job: one SailPoint read and a store write, the same every time. */
const TRACK = `mutation Track($providerId: String!) {
  trackImport(input: { provider: SAILPOINT, providerId: $providerId }) {
    import { id status } userErrors { message code } } }`;

/** CPU per operation must stay at or under this for the page of 25 (issue "Performance, round two"). */
const PAGE_TARGET_MS = 1.0;

export interface CpuFigure {
  /** ms of the gateway's CPU per operation, each round */
  rounds: number[];
  medianMs: number;
  operationsPerSecond: number;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

/** ms of the gateway's CPU per operation of `spec`, after 0.5 s of warm-up. */
export async function cpuPerOperation(gateway: GatewayProcess, load: LoadProcess, spec: LoadSpec) {
  await load.run({ ...spec, durationMs: 500, warmupMs: 0 });
  const before = await cpuSecondsOf(gateway.pid);
  const result = await load.run({ ...spec, warmupMs: 0 });
  const used = (await cpuSecondsOf(gateway.pid)) - before;
  if (result.errors > 0 || result.operations === 0)
    throw new Error(`${result.errors} errors in ${result.operations} operations`);
  return { ms: (used * 1000) / result.operations, perSecond: result.requestsPerSecond };
}

export const PAGE_KIND = 'page of 25, every scalar, three vendors';

/**
 * The load of each kind against `gateway`, its data set up first (vendors at 0 ms, a SailPoint
 * job tracked). `pageOnly` (`--cpu-page-only`) leaves the page alone, for a profile of it.
 */
export async function cpuLoads(
  simulators: SimulatorProcess,
  gateway: GatewayProcess,
  { durationMs, pageOnly }: { durationMs: number; pageOnly: boolean },
): Promise<Record<string, LoadSpec>> {
  await setLatency(simulators, 0, 0);
  // SailPoint cannot list its jobs: one finished job, tracked once, so pages ask all three vendors.
  const job = await control<{ jobId: string }>(simulators.urls.sailpoint, 'POST', '/__sim/imports', {
    status: 'COMPLETE',
  });
  await graphql(gateway, TRACK, { providerId: job.jobId });
  const page = await graphql<{ imports: { nodes: { id: string }[] } }>(
    gateway,
    '{ imports(first: 1, filter: { providers: [COMMERCE_LAYER] }) { nodes { id } } }',
  );
  const at = (query: string, variables?: Record<string, unknown>, distinctInstant?: string): LoadSpec => ({
    concurrency: 10,
    durationMs,
    warmupMs: 0,
    target: { kind: 'gateway', url: gateway.url, query, variables, distinctInstant },
  });
  return {
    [PAGE_KIND]: at(PAGE_OF_25, {}, 'createdBefore'),
    ...(!pageOnly && {
      'node by id': at(NODE_BY_ID, { id: page.imports.nodes[0]!.id }),
      'mutation (trackImport of a known SailPoint job)': at(TRACK, { providerId: job.jobId }),
    }),
  };
}

/** The traced gateway of the comparison, and the sink it exports to. */
export interface TracedGateway {
  gateway: GatewayProcess;
  sink: OtlpSink;
}

export async function cpuScenario(
  simulators: SimulatorProcess,
  gateway: GatewayProcess,
  load: LoadProcess,
  { quick, pageOnly }: { quick: boolean; pageOnly: boolean },
  traced?: TracedGateway,
) {
  const durationMs = quick ? 1_500 : 5_000;
  const sides = [
    { gateway, specs: await cpuLoads(simulators, gateway, { durationMs, pageOnly }), rounds: {} as Rounds },
  ];
  if (traced) {
    const specs = await cpuLoads(simulators, traced.gateway, { durationMs, pageOnly });
    sides.push({ gateway: traced.gateway, specs, rounds: {} });
  }
  // Rounds go through the kinds in turn, and each kind through both gateways, so a change in the
  // machine's load weighs on each alike.
  for (let round = 0; round < (quick ? 1 : 3); round++) {
    for (const name of Object.keys(sides[0]!.specs)) {
      for (const side of sides) {
        const measured = await cpuPerOperation(side.gateway, load, side.specs[name]!);
        (side.rounds[name] ??= { ms: [], perSecond: [] }).ms.push(measured.ms);
        side.rounds[name].perSecond.push(measured.perSecond);
      }
    }
  }
  const figures = figuresOf(sides[0]!.rounds);
  const tracedFigures = sides[1] && figuresOf(sides[1].rounds);
  const pageFigure = figures[PAGE_KIND]!;
  const table = [
    '## 7. CPU per operation (the gateway process, concurrency 10, vendors at 0 ms)',
    '',
    '| operation | ms CPU per operation, median (rounds) | operations/s |',
    '|---|---|---|',
    ...Object.entries(figures).map(
      ([name, figure]) =>
        `| ${name} | ${round(figure.medianMs, 3)} (${figure.rounds.join(', ')}) | ${round(figure.operationsPerSecond, 0)} |`,
    ),
    '',
    `User + system time of the gateway process from /proc/<pid>/stat (10 ms ticks) around ${durationMs / 1000} s of load per round, after 0.5 s of warm-up.`,
    '',
    ...(tracedFigures && traced ? tracingTable(figures, tracedFigures, traced.sink) : []),
  ].join('\n');
  const targets: TargetCheck[] = [
    {
      name: 'CPU per page-of-25 operation',
      value: pageFigure.medianMs,
      unit: 'ms',
      target: `≤ ${PAGE_TARGET_MS} ms`,
      pass: pageFigure.medianMs <= PAGE_TARGET_MS,
    },
  ];
  return { results: tracedFigures ? { ...figures, tracingOn: tracedFigures } : figures, table, targets };
}

type Rounds = Record<string, { ms: number[]; perSecond: number[] }>;

function figuresOf(rounds: Rounds): Record<string, CpuFigure> {
  return Object.fromEntries(
    Object.entries(rounds).map(([name, { ms, perSecond }]) => [
      name,
      {
        rounds: ms.map((value) => round(value, 3)),
        medianMs: median(ms),
        operationsPerSecond: median(perSecond),
      },
    ]),
  );
}

/** 7b: the same operations with tracing on, and the difference per operation. */
function tracingTable(
  off: Record<string, CpuFigure>,
  on: Record<string, CpuFigure>,
  sink: OtlpSink,
): string[] {
  return [
    '### 7b. Tracing on (OTLP/HTTP protobuf to a local sink, every trace sampled), same rounds',
    '',
    '| operation | ms CPU per operation, tracing on, median (rounds) | cost of tracing, ms per operation | operations/s |',
    '|---|---|---|---|',
    ...Object.entries(on).map(([name, figure]) => {
      const cost = figure.medianMs - off[name]!.medianMs;
      const share = Math.round((cost / off[name]!.medianMs) * 100);
      return `| ${name} | ${round(figure.medianMs, 3)} (${figure.rounds.join(', ')}) | ${round(cost, 3)} (${share >= 0 ? '+' : ''}${share} %) | ${round(figure.operationsPerSecond, 0)} |`;
    }),
    '',
    `The sink received ${sink.exports} exports, ${round(sink.bytes / 1024, 0)} KiB of spans.`,
    '',
  ];
}

/**
 * `npm run bench`: every scenario of the benchmark issue on loopback, side by side with a direct
 * baseline in the same run. Simulators, gateway, load generator and subscription clients each run
 * in their own process. `--quick` shortens every run (a smoke test, not a measurement);
 * `--only=cold,overhead,throughput,calls,shapes,subscriptions,hostile,cpu` runs some scenarios, and
 * `--gateway-env=NAME=value,…` overrides gateway settings and `--entry=src/main.ts` runs the
 * TypeScript sources through tsx instead of the build (experiments recorded in NOTES.md);
 * `--cpu-prof=DIR` writes a V8 CPU profile of scenario 4's and 7's gateways into DIR when they stop, and
 * `--cpu-page-only` leaves only the page of 25 in scenario 7 (a profile of the page alone).
 */
import { rmSync } from 'node:fs';
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { BUILT_ENTRY, buildGateway } from '../scripts/build.ts';
import { machineDescription, round, writeReport, type TargetCheck } from './report.ts';
import {
  LoadProcess,
  startGatewayProcess,
  startSimulatorProcess,
  type GatewayProcess,
  type SimulatorProcess,
} from './processes.ts';
import { startOtlpSink } from './otlp-sink.ts';
import { cpuScenario } from './scenarios/cpu.ts';
import { hostileDocumentsScenario } from './scenarios/hostile-documents.ts';
import { overheadScenario, throughputScenario } from './scenarios/latency.ts';
import { queryShapesScenario } from './scenarios/query-shapes.ts';
import { subscriptionsScenario, WEBHOOK_SECRET } from './scenarios/subscriptions.ts';
import { vendorCallsScenario } from './scenarios/vendor-calls.ts';

const began = performance.now();
const quick = process.argv.includes('--quick');
const only = process.argv
  .find((arg) => arg.startsWith('--only='))
  ?.slice('--only='.length)
  .split(',');
const wanted = (name: string) => !only || only.includes(name);
const pageOnly = process.argv.includes('--cpu-page-only');
const profileDir = process.argv.find((arg) => arg.startsWith('--cpu-prof='))?.slice('--cpu-prof='.length);
// The gateway as `npm start` runs it: built once (scripts/build.ts), then plain Node.
const entry = process.argv.find((arg) => arg.startsWith('--entry='))?.slice('--entry='.length) ?? BUILT_ENTRY;
if (entry === BUILT_ENTRY) await buildGateway();

/**
 * How the bench runs the gateway, and why (bench/NOTES.md):
 * - UPSTREAM_RATE_LIMITS=off: the simulators' limits are lifted, as the issue asks;
 * - LOG_LEVEL=warn: at info the gateway logs every mutation and error and 1 read in
 *   ACCESS_LOG_SAMPLE (100), which would still measure pino now and then;
 * - NODE_ENV=production, as deployed (graphql-js skips its development checks); production
 *   refuses to run without auth unless ALLOW_UNAUTHENTICATED=1, and the bench runs no auth
 *   because the direct baseline has none either.
 */
const GATEWAY_ENV: Record<string, string> = {
  UPSTREAM_RATE_LIMITS: 'off',
  LOG_LEVEL: 'warn',
  NODE_ENV: 'production',
  ALLOW_UNAUTHENTICATED: '1',
  COMMERCELAYER_WEBHOOK_SECRET: WEBHOOK_SECRET,
};

// `--gateway-env=NAME=value,NAME=value` changes the gateway's settings for an experiment (NOTES.md).
for (const setting of process.argv
  .find((arg) => arg.startsWith('--gateway-env='))
  ?.slice('--gateway-env='.length)
  .split(',') ?? []) {
  const [name, ...value] = setting.split('=');
  GATEWAY_ENV[name!] = value.join('=');
}

const dataDirs: string[] = [];
/** A fresh DATA_DIR per gateway process, removed at the end. */
function dataDir(name: string): string {
  const dir = `/tmp/bench-${process.pid}-${name}`;
  dataDirs.push(dir);
  return dir;
}

/** The page cache's TTL for the walk that measures it. */
const PAGE_CACHE_TTL_MS = 5_000;

interface ScenarioOutput {
  results: unknown;
  table: string;
  targets: TargetCheck[];
}

const tables: string[] = [];
const targets: TargetCheck[] = [];
const scenarios: Record<string, unknown> = {};
const notes: string[] = [];
const load = { start: loadavg(), end: [0, 0, 0] };

function record(name: string, output: ScenarioOutput) {
  scenarios[name] = output.results;
  tables.push(output.table);
  targets.push(...output.targets);
}

async function coldStart(simulators: SimulatorProcess): Promise<ScenarioOutput> {
  const runs: number[] = [];
  for (let run = 0; run < (quick ? 1 : 5); run++) {
    const probe = await startGatewayProcess(
      simulators,
      {
        ...GATEWAY_ENV,
        DATA_DIR: dataDir(`cold-${run}`),
      },
      entry,
    );
    runs.push(probe.coldStartMs);
    await probe.stop();
  }
  const sorted = [...runs].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)]!;
  return {
    results: { runsMs: runs.map((value) => round(value, 0)), medianMs: round(median, 0) },
    table: [
      '## 5. Cold start (spawn → first successful query)',
      '',
      `Runs: ${runs.map((value) => `${round(value, 0)} ms`).join(', ')}; median ${round(median, 0)} ms.`,
      '',
    ].join('\n'),
    targets: [
      {
        name: 'Cold start (spawn → first answer), median',
        value: median,
        unit: 'ms',
        target: '≤ 1500 ms',
        pass: median <= 1500,
      },
    ],
  };
}

const simulators = await startSimulatorProcess([
  '--rate-limits',
  'off',
  '--imports',
  '60',
  '--clock',
  'manual',
]);
const loadProcess = new LoadProcess();
try {
  if (wanted('cold')) record('coldStart', await coldStart(simulators));
  const needsGateway = ['overhead', 'throughput', 'calls', 'shapes'].some(wanted);
  if (needsGateway) {
    const gateway = await startGatewayProcess(
      simulators,
      {
        ...GATEWAY_ENV,
        DATA_DIR: dataDir('main'),
      },
      entry,
    );
    try {
      if (wanted('overhead'))
        record('overhead', await overheadScenario(simulators, gateway, loadProcess, quick));
      if (wanted('throughput'))
        record('throughput', await throughputScenario(simulators, gateway, loadProcess, quick));
      if (wanted('calls')) {
        // A second gateway with PAGE_CACHE_TTL_MS set explicitly, for the walk only (on by default too).
        const cached = await startGatewayProcess(
          simulators,
          { ...GATEWAY_ENV, PAGE_CACHE_TTL_MS: String(PAGE_CACHE_TTL_MS), DATA_DIR: dataDir('cached') },
          entry,
        );
        try {
          record('vendorCalls', await vendorCallsScenario(simulators, gateway, cached, PAGE_CACHE_TTL_MS));
        } finally {
          await cached.stop();
        }
      }
      if (wanted('shapes')) record('queryShapes', await queryShapesScenario(simulators, gateway));
    } catch (error) {
      process.stderr.write(`gateway output:\n${gateway.output()}\n`);
      throw error;
    } finally {
      await gateway.stop();
    }
  }
  if (wanted('subscriptions')) {
    // A gateway of its own, so its memory before the subscribers is that of an idle instance.
    const live: GatewayProcess = await startGatewayProcess(
      simulators,
      {
        ...GATEWAY_ENV,
        DATA_DIR: dataDir('live'),
      },
      entry,
      profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [],
    );
    try {
      record('subscriptions', await subscriptionsScenario(simulators, live, quick));
    } catch (error) {
      process.stderr.write(`gateway output:\n${live.output()}\n`);
      throw error;
    } finally {
      await live.stop();
    }
  }
  if (wanted('cpu')) {
    // A gateway of its own: its CPU time is read around each run, and nothing else runs on it.
    const measured: GatewayProcess = await startGatewayProcess(
      simulators,
      { ...GATEWAY_ENV, DATA_DIR: dataDir('cpu') },
      entry,
      profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [],
    );
    // And one exporting its traces, measured in the same rounds: tracing's cost per operation.
    const sink = await startOtlpSink();
    const traced: GatewayProcess = await startGatewayProcess(
      simulators,
      {
        ...GATEWAY_ENV,
        DATA_DIR: dataDir('cpu-traced'),
        OTEL_EXPORTER_OTLP_ENDPOINT: sink.url,
        OTEL_EXPORTER_OTLP_PROTOCOL: 'http/protobuf',
      },
      entry,
    );
    try {
      record(
        'cpu',
        await cpuScenario(simulators, measured, loadProcess, { quick, pageOnly }, { gateway: traced, sink }),
      );
    } catch (error) {
      process.stderr.write(`gateway output:\n${measured.output()}\n${traced.output()}\n`);
      throw error;
    } finally {
      await measured.stop();
      await traced.stop();
      await sink.close();
    }
  }
  if (wanted('hostile')) {
    // A gateway of its own, idle but for the documents, so its event loop shows what they cost.
    const target: GatewayProcess = await startGatewayProcess(
      simulators,
      { ...GATEWAY_ENV, DATA_DIR: dataDir('hostile') },
      entry,
    );
    try {
      record('hostileDocuments', await hostileDocumentsScenario(target, quick));
    } catch (error) {
      process.stderr.write(`gateway output:\n${target.output()}\n`);
      throw error;
    } finally {
      await target.stop();
    }
  }
} finally {
  await loadProcess.stop();
  await simulators.stop();
  for (const dir of dataDirs) rmSync(dir, { recursive: true, force: true });
}
load.end = loadavg();
if (quick) notes.push('Run with --quick: shortened runs, not a measurement.');
if (only) notes.push(`Only these scenarios ran: ${only.join(', ')}.`);
notes.push(
  `Gateway settings: ${Object.entries(GATEWAY_ENV)
    .map(([name, value]) => `${name}=${name.includes('SECRET') ? '…' : value}`)
    .join(', ')}.`,
);

await writeReport(
  {
    date: new Date().toISOString(),
    node: process.version,
    machine: machineDescription(),
    loadAverage: {
      start: load.start.map((value) => round(value, 2)),
      end: load.end.map((value) => round(value, 2)),
    },
    durationSeconds: (performance.now() - began) / 1000,
    scenarios,
    targets,
    notes,
  },
  tables,
);

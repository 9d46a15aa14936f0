/**
 * `tsx bench/compare-cpu.ts A_DIR B_DIR [--rounds=8] [--seconds=3] [--all-kinds]`: the gateway's CPU
 * per operation of two builds (each directory a checkout whose `npm run build` has run), measured
 * in one process against the same simulators, alternating A and B round by round, so that the
 * machine's load, which moves by the minute on a shared machine, weighs on both alike. Prints each
 * round's pair, the median of each side and the median of the per-round ratios B / A.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { cpuLoads, cpuPerOperation, PAGE_KIND } from './scenarios/cpu.ts';
import { LoadProcess, startGatewayProcess, startSimulatorProcess, type GatewayProcess } from './processes.ts';

const [dirA, dirB] = process.argv.slice(2).filter((arg) => !arg.startsWith('--'));
if (!dirA || !dirB) throw new Error('usage: tsx bench/compare-cpu.ts A_DIR B_DIR [--rounds=8] [--seconds=3]');
const option = (name: string, fallback: number) =>
  Number(process.argv.find((arg) => arg.startsWith(`--${name}=`))?.split('=')[1] ?? fallback);
const rounds = option('rounds', 8);
const durationMs = option('seconds', 3) * 1000;
const allKinds = process.argv.includes('--all-kinds');

/** As bench/run.ts runs the gateway (bench/NOTES.md, How the bench runs the gateway). */
const GATEWAY_ENV = {
  UPSTREAM_RATE_LIMITS: 'off',
  LOG_LEVEL: 'warn',
  NODE_ENV: 'production',
  ALLOW_UNAUTHENTICATED: '1',
};

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const dataRoot = mkdtempSync(join(tmpdir(), 'compare-cpu-'));
const simulators = await startSimulatorProcess([
  '--rate-limits',
  'off',
  '--imports',
  '60',
  '--clock',
  'manual',
]);
const load = new LoadProcess();
const gateways: GatewayProcess[] = [];
try {
  for (const [index, dir] of [dirA, dirB].entries())
    gateways.push(
      await startGatewayProcess(
        simulators,
        { ...GATEWAY_ENV, DATA_DIR: join(dataRoot, String(index)) },
        resolve(dir, 'dist/gateway/main.js'),
      ),
    );
  const loads = [];
  for (const gateway of gateways)
    loads.push(await cpuLoads(simulators, gateway, { durationMs, pageOnly: !allKinds }));
  const kinds = Object.keys(loads[0]!);
  const figures = new Map(kinds.map((kind) => [kind, { a: [] as number[], b: [] as number[] }]));
  const startLoad = loadavg()[0]!;
  for (let round = 0; round < rounds; round++) {
    for (const kind of kinds) {
      // A first in even rounds, B first in odd ones: neither side always follows the other.
      const order = round % 2 === 0 ? [0, 1] : [1, 0];
      const ms: number[] = [];
      for (const side of order)
        ms[side] = (await cpuPerOperation(gateways[side]!, load, loads[side]![kind]!)).ms;
      figures.get(kind)!.a.push(ms[0]!);
      figures.get(kind)!.b.push(ms[1]!);
      process.stdout.write(`round ${round + 1} ${kind}: A ${ms[0]!.toFixed(3)} B ${ms[1]!.toFixed(3)} ms\n`);
    }
  }
  process.stdout.write(`\nload average ${startLoad.toFixed(1)} → ${loadavg()[0]!.toFixed(1)}\n`);
  for (const [kind, { a, b }] of figures) {
    const ratios = a.map((value, index) => b[index]! / value);
    process.stdout.write(
      `${kind === PAGE_KIND ? 'page of 25' : kind}: A median ${median(a).toFixed(3)} ms, B median ${median(b).toFixed(3)} ms, ` +
        `B / A per round: median ${median(ratios).toFixed(3)} (${ratios.map((ratio) => ratio.toFixed(2)).join(' ')})\n`,
    );
  }
} finally {
  await load.stop();
  for (const gateway of gateways) await gateway.stop();
  await simulators.stop();
  rmSync(dataRoot, { recursive: true, force: true });
}

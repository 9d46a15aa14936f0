import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';

export interface TargetCheck {
  name: string;
  value: number;
  unit: string;
  target: string;
  pass: boolean;
}

export interface BenchReport {
  date: string;
  node: string;
  machine: string;
  /** 1, 5 and 15 minute load averages when the run started and ended (the machine is shared). */
  loadAverage: { start: number[]; end: number[] };
  durationSeconds: number;
  scenarios: Record<string, unknown>;
  targets: TargetCheck[];
  notes: string[];
}

export function machineDescription(): string {
  const cpu = cpus();
  return `${cpu.length} × ${cpu[0]?.model ?? 'unknown CPU'}, ${(totalmem() / 2 ** 30).toFixed(1)} GiB`;
}

const round = (value: number, digits = 2) => Number(value.toFixed(digits));

/** Writes bench/results/latest.json and latest.md (the table the README shows). */
export function writeReport(report: BenchReport, tables: string[]): void {
  const directory = fileURLToPath(new URL('./results/', import.meta.url));
  mkdirSync(directory, { recursive: true });
  writeFileSync(`${directory}latest.json`, `${JSON.stringify(report, null, 2)}\n`);
  const targetRows = report.targets.map(
    (check) =>
      `| ${check.name} | ${round(check.value)} ${check.unit} | ${check.target} | ${check.pass ? 'PASS' : 'FAIL'} |`,
  );
  const markdown = [
    `# Benchmark results`,
    '',
    `${report.date} · Node ${report.node} · ${report.machine} · ${round(report.durationSeconds, 0)} s · ` +
      `load average ${report.loadAverage.start.join(' ')} at the start, ${report.loadAverage.end.join(' ')} at the end`,
    '',
    '## Targets',
    '',
    '| target | measured | goal | verdict |',
    '|---|---|---|---|',
    ...targetRows,
    '',
    ...tables,
    ...(report.notes.length ? ['## Notes', '', ...report.notes.map((note) => `- ${note}`), ''] : []),
  ].join('\n');
  writeFileSync(`${directory}latest.md`, markdown);
  process.stdout.write(`${markdown}\n`);
}

export { round };

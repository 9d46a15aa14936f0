import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
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
export async function writeReport(report: BenchReport, tables: string[]): Promise<void> {
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
  await updateReadme(report, targetRows, tables);
  process.stdout.write(`${markdown}\n`);
}

const README_START = '<!-- bench:results:start -->';
const README_END = '<!-- bench:results:end -->';

/**
 * The README's Benchmark section shows the latest run: the lines between its two markers are
 * replaced by the target table and the overhead, throughput and CPU tables (the rest is in latest.md).
 */
async function updateReadme(report: BenchReport, targetRows: string[], tables: string[]): Promise<void> {
  const readme = fileURLToPath(new URL('../README.md', import.meta.url));
  if (!existsSync(readme)) return;
  const text = readFileSync(readme, 'utf8');
  const start = text.indexOf(README_START);
  const end = text.indexOf(README_END);
  if (start < 0 || end < start) return;
  const latency = tables
    .filter((table) => /^## [127]\. /.test(table))
    .map((table) => table.replace(/^## /, '#### '));
  const block = [
    README_START,
    '',
    `Run of ${report.date.slice(0, 10)}: Node ${report.node}, ${report.machine}, load average ` +
      `${report.loadAverage.start[0]} at the start (a shared machine), ${round(report.durationSeconds, 0)} s.`,
    '',
    '| target | measured | goal | verdict |',
    '| --- | --- | --- | --- |',
    ...targetRows,
    '',
    ...latency,
    README_END,
  ].join('\n');
  // Formatted as `npm test` checks it (prettier aligns Markdown tables).
  const { format, resolveConfig } = await import('prettier');
  const updated = text.slice(0, start) + block + text.slice(end + README_END.length);
  writeFileSync(readme, await format(updated, { ...(await resolveConfig(readme)), filepath: readme }));
}

export { round };

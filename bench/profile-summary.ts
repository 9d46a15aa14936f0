/**
 * `tsx bench/profile-summary.ts FILE.cpuprofile`: self time of a V8 CPU profile (`npm run bench --
 * --only=cpu --cpu-prof=DIR`) by module (a package of node_modules, a file of ours, Node's own) and
 * its top functions, so NOTES.md can say where an operation's CPU goes.
 */
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}

const profile = JSON.parse(readFileSync(process.argv[2]!, 'utf8')) as {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
};

/**
 * The build (scripts/build.ts) is one bundle: esbuild writes `// src/…` or `// node_modules/…`
 * before each module it inlines, which names the module of every line after it.
 */
const bundles = new Map<string, string[]>();
function bundledModule(url: string, line: number): string | undefined {
  let marks = bundles.get(url);
  if (!marks) {
    marks = [];
    let current = '';
    for (const text of readFileSync(new URL(url), 'utf8').split('\n')) {
      const mark = /^\/\/ (?:\.\.\/)*(?:[\w.-]+\/)*?((?:src|node_modules)\/\S+)$/.exec(text);
      if (mark) current = mark[1]!;
      marks.push(current);
    }
    bundles.set(url, marks);
  }
  return marks[line] || undefined;
}

function moduleOf(url: string, name: string, line: number): string {
  if (!url) return name.startsWith('(') ? name : '(native)';
  const path = (url.includes('/dist/') && url.startsWith('file:') && bundledModule(url, line)) || url;
  const packaged = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path);
  if (packaged) return packaged[1]!;
  if (path.startsWith('node:')) return path;
  return path.replace(/^.*?\/(src|dist)\//, '$1/');
}

const selfMicros = new Map<number, number>();
profile.samples.forEach((id, index) =>
  selfMicros.set(id, (selfMicros.get(id) ?? 0) + (profile.timeDeltas[index] ?? 0)),
);
const byModule = new Map<string, number>();
const byFunction = new Map<string, number>();
let total = 0;
for (const node of profile.nodes) {
  const micros = selfMicros.get(node.id) ?? 0;
  if (micros === 0) continue;
  const { functionName, url, lineNumber } = node.callFrame;
  if (functionName === '(idle)') continue;
  total += micros;
  const module = moduleOf(url, functionName, lineNumber);
  byModule.set(module, (byModule.get(module) ?? 0) + micros);
  const key = `${functionName || '(anonymous)'} ${module}:${lineNumber + 1}`;
  byFunction.set(key, (byFunction.get(key) ?? 0) + micros);
}
const top = (entries: Map<string, number>, count: number) =>
  [...entries]
    .sort((a, b) => b[1] - a[1])
    .slice(0, count)
    .map(([name, micros]) => `${((100 * micros) / total).toFixed(1).padStart(5)} %  ${name}`)
    .join('\n');
process.stdout.write(
  `busy ${(total / 1000).toFixed(0)} ms\n\nby module:\n${top(byModule, Number(process.argv[3] ?? 25))}\n\nby function:\n${top(byFunction, 30)}\n`,
);

/**
 * Starts the demo as `npm start` does (the esbuild bundles, then `node dist/gateway/main.js`), posts
 * the README's first query to the GraphQL URL it prints, checks the answer and that the imports
 * console is served, and stops it with SIGTERM as an operator would. .ci/run runs it on the newest Node release, where the whole suite
 * does not run, so that a Node that can no longer load a dependency is seen.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { BUILT_ENTRY, buildConsole, buildGateway } from './build.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const START_TIMEOUT_MS = 60_000;
const ANSWER_TIMEOUT_MS = 30_000;
/** The demo's shutdown grace (SHUTDOWN_GRACE_MS, 30 s by default) and some. */
const STOP_TIMEOUT_MS = 40_000;
const QUERY = '{ imports(first: 3) { edges { node { provider providerId status } } } }';
const PROVIDERS = new Set(['FLEETIO', 'SAILPOINT', 'COMMERCE_LAYER']);

interface Answer {
  data?: {
    imports?: { edges?: { node?: { provider?: unknown; providerId?: unknown; status?: unknown } }[] };
  };
  errors?: unknown[];
}

/** The GraphQL URL the demo prints once it listens (its other lines are passed on). */
function printedUrl(demo: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`the demo printed no GraphQL URL within ${START_TIMEOUT_MS / 1000} s`)),
      START_TIMEOUT_MS,
    );
    demo.once('exit', (code) => reject(new Error(`the demo exited with ${code} before it printed its URL`)));
    createInterface({ input: demo.stdout! }).on('line', (line) => {
      process.stdout.write(`  demo: ${line}\n`);
      const url = /^GraphQL:\s+(\S+)$/.exec(line)?.[1];
      if (!url) return;
      clearTimeout(timer);
      resolve(url);
    });
  });
}

/** What is wrong with the demo's answer; empty when it is a list of imports from the simulators. */
function problemsWith(status: number, answer: Answer): string[] {
  const edges = answer.data?.imports?.edges;
  if (status !== 200) return [`HTTP ${status}`];
  if (answer.errors) return [`errors: ${JSON.stringify(answer.errors)}`];
  if (!Array.isArray(edges) || edges.length === 0) return ['no imports listed'];
  return edges.flatMap(({ node }, index) =>
    PROVIDERS.has(node?.provider as string) &&
    typeof node?.providerId === 'string' &&
    typeof node.status === 'string'
      ? []
      : [`edge ${index} is not an import: ${JSON.stringify(node)}`],
  );
}

/** What is wrong with the console's page and script as the demo serves them; empty when both are there. */
async function consoleProblems(origin: string): Promise<string[]> {
  const signal = AbortSignal.timeout(ANSWER_TIMEOUT_MS);
  const page = await fetch(`${origin}/console`, { signal });
  const script = await fetch(`${origin}/console/console.js`, { signal });
  const problems: string[] = [];
  if (page.status !== 200) problems.push(`/console answered ${page.status}`);
  if (!page.headers.get('content-security-policy')?.includes("frame-ancestors 'none'"))
    problems.push('/console came without its Content-Security-Policy');
  if (script.status !== 200 || !script.headers.get('content-type')?.startsWith('text/javascript'))
    problems.push(`/console/console.js answered ${script.status} (${script.headers.get('content-type')})`);
  await Promise.all([page.arrayBuffer(), script.arrayBuffer()]);
  return problems;
}

function stopped(demo: ChildProcess): Promise<number | null> {
  return new Promise((resolve, reject) => {
    if (demo.exitCode !== null || demo.signalCode !== null) return resolve(demo.exitCode);
    const timer = setTimeout(() => {
      demo.kill('SIGKILL');
      reject(new Error(`the demo did not stop within ${STOP_TIMEOUT_MS / 1000} s of SIGTERM`));
    }, STOP_TIMEOUT_MS);
    demo.once('exit', (code) => {
      clearTimeout(timer);
      resolve(code);
    });
    demo.kill('SIGTERM');
  });
}

async function checkDemo(): Promise<string> {
  await buildGateway();
  await buildConsole();
  const demo = spawn(process.execPath, [BUILT_ENTRY], {
    cwd: root,
    env: { ...process.env, PORT: '0', LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  try {
    const url = await printedUrl(demo);
    const started = performance.now();
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: QUERY }),
      signal: AbortSignal.timeout(ANSWER_TIMEOUT_MS),
    });
    const answer = (await response.json()) as Answer;
    const took = Math.round(performance.now() - started);
    const problems = problemsWith(response.status, answer);
    if (problems.length > 0) throw new Error(`the demo answered wrongly: ${problems.join('; ')}`);
    const console = await consoleProblems(new URL(url).origin);
    if (console.length > 0) throw new Error(`the demo's console is not served: ${console.join('; ')}`);
    const providers = [...new Set(answer.data!.imports!.edges!.map(({ node }) => node!.provider))].join(', ');
    const code = await stopped(demo);
    if (code !== 0) throw new Error(`the demo exited with ${code} after SIGTERM`);
    return `${answer.data!.imports!.edges!.length} imports (${providers}) in ${took} ms, the console served, then stopped cleanly`;
  } finally {
    if (demo.exitCode === null && demo.signalCode === null) demo.kill('SIGKILL');
  }
}

try {
  process.stdout.write(`Demo on Node ${process.version}: ${await checkDemo()}.\n`);
} catch (error) {
  process.stderr.write(`Demo on Node ${process.version} failed: ${(error as Error).message}\n`);
  process.exit(1);
}

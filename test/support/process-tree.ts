import { execFileSync } from 'node:child_process';
import { waitFor } from './wait.ts';

/**
 * Processes as `ps` lists them, for tests that check that stopping a process (npm, a shell) left
 * nothing running below it.
 */
function processTable(): { pid: number; parent: number; state: string }[] {
  return execFileSync('ps', ['-A', '-o', 'pid=,ppid=,stat='], { encoding: 'utf8' })
    .trim()
    .split('\n')
    .map((line) => {
      const [pid, parent, state] = line.trim().split(/\s+/);
      return { pid: Number(pid), parent: Number(parent), state: state ?? '' };
    });
}

/** Every process below `root`: its children, theirs, and so on. */
export function descendants(root: number): number[] {
  const table = processTable();
  const found: number[] = [];
  const queue = [root];
  while (queue.length > 0) {
    const parent = queue.shift()!;
    for (const entry of table.filter((row) => row.parent === parent)) {
      found.push(entry.pid);
      queue.push(entry.pid);
    }
  }
  return found;
}

/** Whether `pid` still runs; a zombie (exited, not yet reaped by its parent) does not. */
export function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  const entry = processTable().find((row) => row.pid === pid);
  return entry !== undefined && !entry.state.startsWith('Z');
}

/**
 * Sends `signal` to `root` and returns the processes that were below it and still run `withinMs`
 * later (none, when the signal reached everything `root` started); those are then killed, so a
 * failing test leaves nothing behind.
 */
export async function survivorsOf(root: number, signal: NodeJS.Signals, withinMs: number): Promise<number[]> {
  const below = descendants(root);
  if (below.length === 0) throw new Error(`process ${root} has started nothing`);
  process.kill(root, signal);
  const ended = () => below.every((pid) => !isRunning(pid));
  await waitFor(`the processes below ${root} to end`, ended, { timeoutMs: withinMs, intervalMs: 50 }).catch(
    () => undefined,
  );
  const survivors = below.filter(isRunning);
  for (const pid of survivors) process.kill(pid, 'SIGKILL');
  return survivors;
}

import type { ServerResponse } from 'node:http';
import type { Logger } from '../../log.ts';

/** ACCESS_LOG_SAMPLE's default: one successful read in 100 has its access line. */
export const DEFAULT_ACCESS_LOG_SAMPLE = 100;

/** The responses whose access line is always written: a mutation's, or an answer with errors. */
const kept = new WeakSet<ServerResponse>();
/** Each HTTP operation's execution context, to the response it answers (the context is what Apollo's plugins see). */
const responses = new WeakMap<object, ServerResponse>();

export function linkAccessLine(context: object, response: ServerResponse): void {
  responses.set(context, response);
}

/** The operation of this execution context changed something or failed: its line is written. */
export function keepAccessLine(context: object): void {
  const response = responses.get(context);
  if (response) kept.add(response);
}

export interface AccessLineFields {
  requestId: string;
  method: string | undefined;
  path: string;
  status: number;
  ms: number;
}

/**
 * One `request` line at info per mutation and per error (a status of 400 or more, or an answer
 * with errors), and one per `sample` successful reads (ACCESS_LOG_SAMPLE, README,
 * Configuration): a line per read cost about as much CPU as the rest of a cached read's work
 * (bench/NOTES.md), and a read changes nothing an operator has to trace.
 */
export function createAccessLines(
  log: Logger,
  sample: number,
): (response: ServerResponse, line: AccessLineFields) => void {
  let reads = 0;
  return (response, line) => {
    if (!log.isLevelEnabled('info')) return;
    const always = line.status >= 400 || kept.has(response);
    if (!always && (sample === 0 || ++reads % sample !== 0)) return;
    log.info(line, 'request');
  };
}

import type { ExecutionResult, FormattedExecutionResult } from 'graphql';
import { formatResult } from '../operation/format.ts';

/**
 * Serialized payloads by the result they format. A subscription event is executed once for every
 * subscriber with the same document, variables and principal (operation/shared-execution.ts),
 * which all get the same result object: it is formatted and serialized once, here, and goes
 * with the result once no subscriber holds it.
 */
const serialized = new WeakMap<ExecutionResult, string>();

/** The JSON of a result as clients see it (errors formatted), made once per result object. */
export function serializedPayload(result: ExecutionResult): string {
  let json = serialized.get(result);
  if (json === undefined) {
    json = JSON.stringify(formatResult(result) satisfies FormattedExecutionResult);
    serialized.set(result, json);
  }
  return json;
}

/**
 * graphql-ws's `next` message around a payload already serialized: what
 * `JSON.stringify({ id, type: 'next', payload })` gives, with only the id (a client's string,
 * hence escaped by JSON.stringify) written per subscriber.
 */
export function nextFrame(id: string, payloadJson: string): string {
  return `${nextFramePrefix(id)}${payloadJson}}`;
}

/** What comes before the payload in every `next` frame of one subscription (made once per subscriber). */
export function nextFramePrefix(id: string): string {
  return `{"id":${JSON.stringify(id)},"type":"next","payload":`;
}

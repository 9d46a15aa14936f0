import type { DocumentNode, ExecutionResult } from 'graphql';
import type { Principal } from '../../principal.ts';
import type { ReadyOperation } from './prepare.ts';

/**
 * One event resolved once for every subscription that asked for it with the same document,
 * variables and principal: a change of an import watched by 1,000 subscribers is executed once,
 * not 1,000 times (its nested vendor reads too), and each subscriber only gets it formatted and
 * sent. The live layer hands every subscriber of a change the same event object, which keys the
 * results; they go with the event once every queue has handed it out.
 */
const sharedResults = new WeakMap<object, Map<string, Promise<ExecutionResult>>>();
const documentIds = new WeakMap<DocumentNode, number>();
let nextDocumentId = 0;

/** What makes two subscriptions' executions of one event the same. */
export function sharingKey(ready: ReadyOperation, principal: Principal): string {
  const { document, operationName, variableValues } = ready.args;
  let documentId = documentIds.get(document);
  if (documentId === undefined) documentIds.set(document, (documentId = nextDocumentId++));
  return JSON.stringify([documentId, operationName ?? null, principal.id, variableValues ?? {}]);
}

export function sharedExecution(
  event: unknown,
  key: string,
  run: () => Promise<ExecutionResult>,
): Promise<ExecutionResult> {
  if (typeof event !== 'object' || event === null) return run();
  let results = sharedResults.get(event);
  if (!results) sharedResults.set(event, (results = new Map<string, Promise<ExecutionResult>>()));
  let result = results.get(key);
  if (!result) results.set(key, (result = run()));
  return result;
}

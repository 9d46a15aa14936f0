import type { ExecutionResult } from 'graphql';

/**
 * The log id of the event each subscription result was resolved from (`importsChanged`'s), kept
 * beside the result rather than in it: the SSE transport writes it as the event's `id:` field,
 * whatever the client selected. Results are shared by every subscriber of an event, and so is this.
 */
const ids = new WeakMap<ExecutionResult, string>();

export function tagEventId(result: ExecutionResult, event: unknown): ExecutionResult {
  const eventId = (event as { eventId?: unknown } | null)?.eventId;
  if (typeof eventId === 'string') ids.set(result, eventId);
  return result;
}

export function eventIdOf(result: ExecutionResult): string | undefined {
  return ids.get(result);
}

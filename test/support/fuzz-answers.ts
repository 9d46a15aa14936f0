/**
 * How the fuzz tests judge what the gateway answers bad input with: a 4xx, or GraphQL errors with
 * a clear message and a known code; never a 5xx, internal wording, a stack trace or no answer.
 */

/** the README's codes, and Apollo's request-level ones. */
export const KNOWN_CODES = new Set([
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NOT_FOUND',
  'BAD_USER_INPUT',
  'RATE_LIMITED',
  'UPSTREAM_UNAVAILABLE',
  'UPSTREAM_ERROR',
  'UNSUPPORTED_OPERATION',
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_REQUEST',
  'OPERATION_RESOLUTION_FAILURE',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
]);

/** What an internal failure reads like: it must never be what a client is told. */
export const INTERNAL_WORDING =
  /\n\s+at |Maximum call stack|Cannot read propert|^[\w$.]+ is not (defined|a function)|undefined is not|TypeError|RangeError|ReferenceError|node_modules|\/src\/|Internal server error/i;

/** An HTTP answer, read whole. */
export interface Answer {
  status: number;
  contentType: string;
  text: string;
}

/**
 * What is wrong with a GraphQL-over-HTTP answer, if anything: a 5xx, a body that is not JSON, an
 * error without a clear message and a known code, or (unless `data` is allowed) no error at all.
 */
export function problemOf(answer: Answer, allowData: boolean): string | undefined {
  if (answer.status >= 500) return `status ${answer.status}: ${answer.text.slice(0, 300)}`;
  if (!/^application\/(graphql-response\+)?json/.test(answer.contentType))
    return `status ${answer.status} with content-type "${answer.contentType}"`;
  let body: { data?: unknown; errors?: unknown };
  try {
    body = JSON.parse(answer.text) as typeof body;
  } catch {
    return `status ${answer.status} with a body that is not JSON: ${answer.text.slice(0, 200)}`;
  }
  if (body.errors === undefined) {
    if (answer.status !== 200 || !allowData) return `status ${answer.status} without errors`;
    return typeof body.data === 'object' && body.data !== null ? undefined : 'neither data nor errors';
  }
  return errorsProblem(body.errors);
}

/** What is wrong with a list of GraphQL errors as a client receives it, if anything. */
export function errorsProblem(errors: unknown): string | undefined {
  if (!Array.isArray(errors) || errors.length === 0) return 'errors is not a non-empty list';
  for (const error of errors as { message?: unknown; extensions?: Record<string, unknown> }[]) {
    const { message, extensions } = error;
    if (typeof message !== 'string' || message.trim() === '') return 'an error without a message';
    if (message.length > 1_200) return `a message of ${message.length} characters: ${message.slice(0, 120)}…`;
    if (INTERNAL_WORDING.test(message)) return `an internal message: ${message.slice(0, 300)}`;
    const code = extensions?.code;
    if (typeof code !== 'string' || !KNOWN_CODES.has(code))
      return `code ${String(code)} for "${message.slice(0, 200)}"`;
    if (extensions && 'stacktrace' in extensions) return `a stack trace with "${message.slice(0, 200)}"`;
  }
  return undefined;
}

/** Sends every request, a few at a time, and answers what went wrong with which of them. */
export async function fuzz(
  label: string,
  requests: readonly (() => Promise<Answer>)[],
  allowData: (index: number) => boolean,
  describeCase: (index: number) => string,
): Promise<string[]> {
  const problems: string[] = [];
  let next = 0;
  const worker = async () => {
    while (next < requests.length) {
      const index = next++;
      let problem: string | undefined;
      try {
        problem = problemOf(await requests[index]!(), allowData(index));
      } catch (error) {
        const cause = (error as Error).cause;
        problem = `no answer: ${(error as Error).message}${cause instanceof Error ? ` (${cause.message})` : ''}`;
      }
      if (problem) problems.push(`${label} #${index} ${describeCase(index)}: ${problem}`);
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
  return problems;
}

/** A body of `size` bytes sent in chunks, with no content-length: the limit must count as it reads. */
export function streamOf(size: number): ReadableStream<Uint8Array> {
  let sent = 0;
  const chunk = new TextEncoder().encode('{"query":"' + 'x'.repeat(64 * 1024 - 10));
  return new ReadableStream({
    pull(controller) {
      if (sent >= size) return controller.close();
      controller.enqueue(chunk);
      sent += chunk.length;
    },
  });
}

/** The data of each `next` event of a text/event-stream (split on newlines only, as SSE is). */
export function nextEvents(stream: string): string[] {
  return stream
    .split('\n\n')
    .map((block) => block.split('\n'))
    .filter((lines) => lines.includes('event: next'))
    .map((lines) =>
      lines
        .filter((line) => line.startsWith('data:'))
        .map((line) => line.slice(5).replace(/^ /, ''))
        .join('\n'),
    );
}

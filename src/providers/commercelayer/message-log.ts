import {
  InvalidPositionError,
  wantsSeverity,
  type DetailPage,
  type DetailPageRequest,
  type ImportMessage,
} from '../../imports/detail.ts';

/**
 * Commerce Layer's `errors_log` is `{"<input key>": {"<attribute>": ["message", …]}}` and its
 * `warnings_log` `{"<input key>": ["message", …]}` (resource schema examples [S]). While an import
 * runs both grow: a failed input adds a key at the end of its log [I: the vendor writes them as it
 * processes the inputs, and the simulator does], and an input whose key came before (a duplicate,
 * or the shared key of inputs without one) adds messages to that key's lists. So neither an index
 * into the two logs read as one list nor "after this message" stays put: a new error would shift
 * every warning behind it, and a message added to a key already passed would be skipped.
 *
 * A position therefore says how much of each list the reader has seen: per log, per key (in log
 * order), per list (attribute, in order), how many messages. The next page shows what is new in
 * lists already begun, then the lists not begun, errors before warnings. Paging while the import
 * runs neither repeats nor skips a message, at the cost of not being one fixed order: a message
 * logged late comes on the page after it appeared.
 */

/** One key of a log: its lists, an attribute's messages each (a warning key has one, unnamed). */
interface LogEntry {
  key: string;
  lists: { attribute: string | null; texts: string[] }[];
}

/** Per key, per list, how many messages were seen; keys and lists past the end: none. */
type Seen = number[][];

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const texts = (value: unknown): string[] =>
  Array.isArray(value)
    ? value.filter((entry): entry is string => typeof entry === 'string')
    : typeof value === 'string'
      ? [value]
      : [];

/** Anything in the logs but strings where messages belong is skipped rather than failing the page. */
function entriesOf(log: unknown, byAttribute: boolean): LogEntry[] {
  if (!isObject(log)) return [];
  return Object.entries(log).map(([key, value]) => ({
    key,
    lists:
      byAttribute && isObject(value)
        ? Object.entries(value).map(([attribute, list]) => ({ attribute, texts: texts(list) }))
        : [{ attribute: null, texts: texts(value) }],
  }));
}

const SEVERITIES = [
  { severity: 'ERROR', byAttribute: true },
  { severity: 'WARNING', byAttribute: false },
] as const;

/** The log key is the input's own key (e.g. its SKU code), so it is the message's `recordId` too. */
function messageOf(
  severity: 'ERROR' | 'WARNING',
  entry: LogEntry,
  attribute: string | null,
  text: string,
): ImportMessage {
  const about = { subject: entry.key, recordId: entry.key, field: attribute };
  return attribute === null
    ? { severity, code: null, text, ...about }
    : { severity, code: attribute, text: `${attribute} ${text}`, ...about };
}

/** Every message of the logs, in the order a reader starting now would page through them. */
export function messagesOf(errorsLog: unknown, warningsLog: unknown): ImportMessage[] {
  const logs = [entriesOf(errorsLog, true), entriesOf(warningsLog, false)];
  return SEVERITIES.flatMap(({ severity }, index) =>
    logs[index]!.flatMap((entry) =>
      entry.lists.flatMap((list) =>
        list.texts.map((text) => messageOf(severity, entry, list.attribute, text)),
      ),
    ),
  );
}

/** One page after `request.after`, each message with the position that includes it. */
export function pageOfLogs(
  errorsLog: unknown,
  warningsLog: unknown,
  request: DetailPageRequest,
): DetailPage<ImportMessage> {
  const seen = request.after === undefined ? [[], []] : decodePosition(request.after);
  const logs = [entriesOf(errorsLog, true), entriesOf(warningsLog, false)];
  const items: DetailPage<ImportMessage>['items'] = [];
  const totalCount = SEVERITIES.reduce(
    (sum, { severity }, index) =>
      wantsSeverity(request, severity)
        ? sum +
          logs[index]!.reduce((n, entry) => n + entry.lists.reduce((m, list) => m + list.texts.length, 0), 0)
        : sum,
    0,
  );
  for (const [index, { severity }] of SEVERITIES.entries()) {
    // A severity left out keeps its counts as they were, so the position stays the same shape.
    if (!wantsSeverity(request, severity)) continue;
    const log = logs[index]!;
    const counts = seen[index]!;
    for (const [keyIndex, entry] of log.entries()) {
      for (const [listIndex, list] of entry.lists.entries()) {
        for (let n = counts[keyIndex]?.[listIndex] ?? 0; n < list.texts.length; n++) {
          if (items.length === request.first) return { items, hasNextPage: true, totalCount };
          mark(counts, keyIndex, listIndex, n + 1);
          items.push({
            node: messageOf(severity, entry, list.attribute, list.texts[n]!),
            position: encodePosition(seen),
          });
        }
      }
    }
  }
  return { items, hasNextPage: false, totalCount };
}

function mark(counts: Seen, keyIndex: number, listIndex: number, count: number): void {
  while (counts.length <= keyIndex) counts.push([]);
  const lists = counts[keyIndex]!;
  while (lists.length <= listIndex) lists.push(0);
  lists[listIndex] = count;
}

/**
 * `<errors>;<warnings>`, each a comma list of keys, each a dot list of counts; a run of equal keys
 * is written once with `*<times>`. Most keys hold one message, so a position over thousands of
 * them stays a few characters: `1*2400;1*310`.
 */
function encodePosition(seen: Seen[]): string {
  return seen
    .map((counts) => {
      const parts: string[] = [];
      for (let index = 0; index < counts.length;) {
        const key = counts[index]!.join('.');
        let run = 1;
        while (index + run < counts.length && counts[index + run]!.join('.') === key) run++;
        parts.push(run > 1 ? `${key}*${run}` : key);
        index += run;
      }
      return parts.join(',');
    })
    .join(';');
}

/** Generous bounds: a log holds at most one key per input (10,000 per import). */
const MAX_KEYS = 100_000;
const PART = /^(\d{1,6}(?:\.\d{1,6})*)?(?:\*(\d{1,6}))?$/;

function decodePosition(position: string): Seen[] {
  const logs = position.split(';');
  if (logs.length !== 2 || position.length > 200_000) throw new InvalidPositionError('not a log position');
  return logs.map((text) => {
    const counts: Seen = [];
    if (text === '') return counts;
    for (const part of text.split(',')) {
      const match = PART.exec(part);
      if (!match) throw new InvalidPositionError('not a log position');
      const lists = match[1] === undefined ? [] : match[1].split('.').map(Number);
      const times = match[2] === undefined ? 1 : Number(match[2]);
      if (times < 1 || counts.length + times > MAX_KEYS) throw new InvalidPositionError('not a log position');
      for (let run = 0; run < times; run++) counts.push([...lists]);
    }
    return counts;
  });
}

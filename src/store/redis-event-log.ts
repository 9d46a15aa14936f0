import type { Redis } from 'ioredis';
import { reviveChange, type LoggedChange } from '../imports/change.ts';
import { parseEventId, type EventPosition } from '../imports/event-id.ts';
import { InvalidEventIdError, resumePoint, type EventLog } from './event-log.ts';

/** A change as the record script published it: its event id, then the change's fields. */
export function reviveLoggedChange(message: string): LoggedChange {
  const { eventId } = JSON.parse(message) as { eventId?: unknown };
  const position = typeof eventId === 'string' ? parseEventId(eventId) : undefined;
  if (!position) throw new Error('a change without an event id');
  return { ...reviveChange(message), eventId: eventId as string, occurredAt: new Date(position[0]) };
}

type StreamEntry = [id: string, fields: string[]];

/**
 * The event log with REDIS_URL: one stream every instance appends to (in the record script of
 * redis-live-state-store.ts, which also trims it) and reads from. An entry's id is the Redis
 * server's clock, so it is also when the event occurred.
 */
export class RedisEventLog implements EventLog {
  constructor(
    private readonly redis: Redis,
    readonly key: string,
  ) {}

  async eventsAfter(after: string, limit: number): Promise<LoggedChange[]> {
    if (!parseEventId(after)) throw new InvalidEventIdError();
    // The range first, the bounds after: trimming only moves the oldest id forward, so bounds
    // that still admit `after` admitted it when the range was read.
    const replies = await this.redis
      .pipeline()
      .xrange(this.key, `(${after}`, '+', 'COUNT', limit)
      .xinfo('STREAM', this.key)
      .exec();
    const [[rangeError, range], [infoError, info]] = replies as [
      [Error | null, unknown],
      [Error | null, unknown],
    ];
    if (rangeError) throw rangeError;
    // No stream: nothing was ever logged (or Redis lost it), so no id can be resumed from.
    if (infoError && !/no such key/i.test(infoError.message)) throw infoError;
    resumePoint(after, infoError ? { oldest: undefined, newest: undefined } : boundsOf(info as unknown[]));
    return (range as StreamEntry[]).map(([id, fields]) => {
      const position = parseEventId(id)!;
      return { ...reviveChange(fields[1]!), eventId: id, occurredAt: new Date(position[0]) };
    });
  }
}

/** The oldest kept id and the newest written one, from XINFO STREAM's field list. */
function boundsOf(info: unknown[]): { oldest: EventPosition | undefined; newest: EventPosition | undefined } {
  const field = (name: string) => info[info.indexOf(name) + 1];
  const first = field('first-entry') as StreamEntry | null;
  const last = field('last-generated-id') as string;
  return { oldest: first ? parseEventId(first[0]) : undefined, newest: parseEventId(last) };
}

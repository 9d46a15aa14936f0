import type { LoggedChange } from '../imports/change.ts';
import { compareEventPositions, parseEventId, type EventPosition } from '../imports/event-id.ts';

export { DEFAULT_EVENT_RETENTION, type EventRetention } from '../imports/event-id.ts';

/** The events after an id, read from the one ordered log every instance shares. */
export interface EventLog {
  /**
   * Up to `limit` events after `after`, oldest first. Throws InvalidEventIdError for text that is
   * no id of the log, EventsExpiredError when events after it may have been trimmed (or it is
   * newer than anything the log wrote: another log's).
   */
  eventsAfter(after: string, limit: number): Promise<LoggedChange[]>;
}

export class InvalidEventIdError extends Error {
  constructor() {
    super('`after` is not an event id this gateway wrote: pass the `eventId` of an event as it came.');
  }
}

export class EventsExpiredError extends Error {
  constructor() {
    super(
      'The events after `after` are no longer kept (EVENT_RETENTION_MS, EVENT_RETENTION_COUNT): ' +
        'query the imports again, then subscribe without `after`.',
    );
  }
}

/**
 * Where a replay after `after` starts, checked against the log's oldest and newest ids. The log
 * trims from its oldest end and cannot tell which id came just before its oldest kept one, so an
 * id older than that is refused: the events after it may be gone. `oldest` undefined: the log
 * holds nothing, and only its newest id (all caught up) can be resumed from.
 */
export function resumePoint(
  after: string,
  bounds: { oldest: EventPosition | undefined; newest: EventPosition | undefined },
): EventPosition {
  const position = parseEventId(after);
  if (!position) throw new InvalidEventIdError();
  const { oldest, newest } = bounds;
  if (!newest || compareEventPositions(position, newest) > 0) throw new EventsExpiredError();
  if (oldest ? compareEventPositions(position, oldest) < 0 : compareEventPositions(position, newest) !== 0)
    throw new EventsExpiredError();
  return position;
}

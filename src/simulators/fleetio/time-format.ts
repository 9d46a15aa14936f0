/** Writes a simulated instant the way Fleetio does. */
export type TimeFormatter = (instant: number) => string;

/**
 * ISO 8601 with milliseconds and the account zone's UTC offset, e.g.
 * `2026-11-02T03:00:00.000-06:00` (Rails' default JSON time format), `Z` in UTC. The offset follows
 * daylight saving, so one account's timestamps carry two offsets over a year.
 */
export function createTimeFormatter(timeZone: string): TimeFormatter {
  const offsets = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' });
  return (instant) => {
    const name = offsets.formatToParts(instant).find((part) => part.type === 'timeZoneName')?.value ?? 'GMT';
    const match = /^GMT([+-])(\d{2}):(\d{2})$/.exec(name);
    const offsetMinutes = match
      ? (match[1] === '-' ? -1 : 1) * (Number(match[2]) * 60 + Number(match[3]))
      : 0;
    const local = new Date(instant + offsetMinutes * 60_000).toISOString().slice(0, -1);
    return offsetMinutes === 0 ? `${local}Z` : `${local}${match![1]}${match![2]}:${match![3]}`;
  };
}

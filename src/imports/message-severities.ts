import { IMPORT_MESSAGE_SEVERITIES, type ImportMessageSeverity } from './detail.ts';

/** One entry per severity; a longer list is a mistake of the caller's (BAD_USER_INPUT). */
export const MAX_SEVERITIES = IMPORT_MESSAGE_SEVERITIES.length;

/** A `severities` argument the caller must fix; the message says how. */
export class InvalidSeverities extends Error {}

/**
 * `messages(severities:)` as a request takes it: absent, or naming every severity, is no filter;
 * otherwise the distinct severities in their fixed order, so equal filters compare equal.
 */
export function severitiesFilter(
  severities: readonly ImportMessageSeverity[] | null | undefined,
): ImportMessageSeverity[] | undefined {
  if (severities === null || severities === undefined) return undefined;
  if (severities.length === 0) {
    throw new InvalidSeverities(
      '`severities` must name at least one severity; leave it out for all messages.',
    );
  }
  if (severities.length > MAX_SEVERITIES) {
    throw new InvalidSeverities(`\`severities\` takes at most ${MAX_SEVERITIES} entries (one per severity).`);
  }
  const wanted = IMPORT_MESSAGE_SEVERITIES.filter((severity) => severities.includes(severity));
  return wanted.length === IMPORT_MESSAGE_SEVERITIES.length ? undefined : wanted;
}

/**
 * What a cursor remembers of the filter: positions index the filtered list, so a cursor taken
 * with one filter would skip or repeat messages under another. Empty without a filter, which
 * keeps cursors issued before filters existed valid.
 */
export function severitiesMark(severities: readonly ImportMessageSeverity[] | undefined): string {
  return severities === undefined ? '' : severities.map((severity) => severity[0]).join('');
}

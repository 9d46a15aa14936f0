import type {
  ImportMessageSeverity,
  ImportProvider,
  ImportStatus,
} from '../../examples/client/generated/graphql.ts';

/** The vendors as people write them. */
export const VENDOR_NAMES: Record<ImportProvider, string> = {
  FLEETIO: 'Fleetio',
  SAILPOINT: 'SailPoint',
  COMMERCE_LAYER: 'Commerce Layer',
};

export const STATUS_WORDS: Record<ImportStatus, string> = {
  PENDING: 'Pending',
  RUNNING: 'Running',
  SUCCEEDED: 'Succeeded',
  PARTIALLY_SUCCEEDED: 'Partly succeeded',
  FAILED: 'Failed',
  CANCELLED: 'Cancelled',
  ROLLING_BACK: 'Rolling back',
  ROLLED_BACK: 'Rolled back',
};

export const SEVERITY_WORDS: Record<ImportMessageSeverity, string> = {
  ERROR: 'Error',
  WARNING: 'Warning',
  INFO: 'Info',
};

export function severityWord(severity: string): string {
  return SEVERITY_WORDS[severity as ImportMessageSeverity] ?? severity;
}

/** A vendor name for a value the page may not know yet (a vendor added after it was built). */
export function vendorName(provider: string): string {
  return VENDOR_NAMES[provider as ImportProvider] ?? provider;
}

export function statusWord(status: string): string {
  return STATUS_WORDS[status as ImportStatus] ?? status;
}

const when = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'medium' });

/** An instant in the viewer's locale and time zone. */
export function formatInstant(iso: string): string {
  const time = Date.parse(iso);
  return Number.isNaN(time) ? iso : when.format(time);
}

/** "12 imports", "1 import". */
export function importsWord(count: number): string {
  return `${count} ${count === 1 ? 'import' : 'imports'}`;
}

/** "30 seconds", "2 minutes": how long to wait before trying again. */
export function waitWords(seconds: number): string {
  if (seconds < 120) return `${seconds} ${seconds === 1 ? 'second' : 'seconds'}`;
  const minutes = Math.ceil(seconds / 60);
  return `${minutes} minutes`;
}

/** Long vendor texts cut at a word, so one failure does not take over the row. */
export function shorten(text: string, limit = 90): string {
  if (text.length <= limit) return text;
  const cut = text.slice(0, limit);
  const space = cut.lastIndexOf(' ');
  return `${(space > limit / 2 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

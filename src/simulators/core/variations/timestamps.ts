import type { SeededRandom } from '../random.ts';
import type { TimestampStyle } from './profile.ts';

const ISO_INSTANT = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d+))?(Z|[+-]\d{2}:\d{2})$/;

/** Offsets in minutes a vendor may write an instant at (whole and half hours, both sides of UTC). */
const OFFSETS = [0, 120, -300, 330, -600, 60];

/**
 * The same instant written at another offset and fraction length: fraction digits are only added
 * or trailing zeros dropped, so nothing below the original precision changes. Text that is not an
 * instant is left as it is.
 */
export function restyleTimestamp(text: string, style: TimestampStyle, random: SeededRandom): string {
  const match = ISO_INSTANT.exec(text);
  const ms = Date.parse(text);
  if (!match || Number.isNaN(ms)) return text;
  const significant = (match[2] ?? '').replace(/0+$/, '');
  const lengths = style.fractionDigits.filter((length) => length >= significant.length);
  if (lengths.length === 0) return text;
  const length = random.pick(lengths);
  const offset = style.offsets ? random.pick(OFFSETS) : 0;
  const wholeSeconds = Math.floor(ms / 1000) * 1000;
  const local = new Date(wholeSeconds + offset * 60_000).toISOString().slice(0, 19);
  const fraction = length === 0 ? '' : `.${significant.padEnd(length, '0')}`;
  return `${local}${fraction}${zone(offset)}`;
}

function zone(offsetMinutes: number): string {
  if (offsetMinutes === 0) return 'Z';
  const sign = offsetMinutes < 0 ? '-' : '+';
  const minutes = Math.abs(offsetMinutes);
  const pad = (value: number) => String(value).padStart(2, '0');
  return `${sign}${pad(Math.floor(minutes / 60))}:${pad(minutes % 60)}`;
}

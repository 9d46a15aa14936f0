import { describe, expect, it } from 'vitest';
import { rememberParses } from '../../src/providers/remembered-parses.ts';
import { parseFleetioTime } from '../../src/providers/fleetio/wire.ts';
import { instantMs } from '../../src/providers/commercelayer/wire.ts';

describe('remembered timestamp parses', () => {
  it('parses each text once, remembers undefined results too, and stays within its limit', () => {
    const seen: string[] = [];
    const parse = rememberParses((text: string) => {
      seen.push(text);
      return text === 'bad' ? undefined : text.length;
    }, 2);
    expect([parse('a'), parse('a'), parse('bad'), parse('bad')]).toEqual([1, 1, undefined, undefined]);
    expect(seen).toEqual(['a', 'bad']);
    parse('ccc'); // past the limit: starts again
    parse('a');
    expect(seen).toEqual(['a', 'bad', 'ccc', 'a']);
  });

  it('answers what the vendors write as before', () => {
    expect(parseFleetioTime('2026-11-02T03:00:00.123456-06:00')).toBe(Date.parse('2026-11-02T09:00:00.123Z'));
    expect(parseFleetioTime('2026-11-02T03:00:00.123456-06:00')).toBe(Date.parse('2026-11-02T09:00:00.123Z'));
    expect(parseFleetioTime('2026-11-02 03:00')).toBeUndefined();
    expect(instantMs('2026-11-02T09:00:00.123Z')).toBe(Date.parse('2026-11-02T09:00:00.123Z'));
    expect(instantMs('yesterday')).toBeNaN();
  });
});

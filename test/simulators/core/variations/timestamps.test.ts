import { describe, expect, it } from 'vitest';
import { SeededRandom } from '../../../../src/simulators/core/random.ts';
import { restyleTimestamp } from '../../../../src/simulators/core/variations/timestamps.ts';

const random = new SeededRandom(11, 'timestamps');
const ANY = { offsets: true, fractionDigits: [0, 1, 2, 3, 6] };

describe('restyled timestamps', () => {
  it('name the same instant, at offsets and precisions the style allows', () => {
    const seen = new Set<string>();
    for (const text of [
      '2026-11-02T09:00:00.000Z',
      '2026-11-02T03:00:00.120-06:00',
      '2021-05-13T16:42:40.71Z',
    ]) {
      for (let round = 0; round < 60; round++) {
        const restyled = restyleTimestamp(text, ANY, random);
        expect(Date.parse(restyled), restyled).toBe(Date.parse(text));
        expect(restyled).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?(Z|[+-]\d{2}:\d{2})$/);
        seen.add(restyled.replace(/^.{19}/, ''));
      }
    }
    for (const form of ['Z', '+02:00', '+05:30', '.120000', '.71Z']) {
      expect(
        [...seen].some((suffix) => suffix.includes(form)),
        form,
      ).toBe(true);
    }
  });

  it('never drop a significant digit, and keep UTC when the style has no offsets', () => {
    for (let round = 0; round < 60; round++) {
      const restyled = restyleTimestamp(
        '2026-11-02T09:00:00.123Z',
        { offsets: false, fractionDigits: [0, 3, 6] },
        random,
      );
      expect(['2026-11-02T09:00:00.123Z', '2026-11-02T09:00:00.123000Z']).toContain(restyled);
    }
    expect(restyleTimestamp('not a time', ANY, random)).toBe('not a time');
  });
});

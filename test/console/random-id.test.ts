import { describe, expect, it } from 'vitest';
import { randomId } from '../../console/src/random-id.ts';

const V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('random ids for idempotency keys', () => {
  it('uses randomUUID where the page has it', () => {
    expect(
      randomId({ randomUUID: () => '0-0-0-0-0', getRandomValues: crypto.getRandomValues.bind(crypto) }),
    ).toBe('0-0-0-0-0');
  });

  it('makes a v4 UUID from random bytes outside a secure context (no randomUUID)', () => {
    const insecure = { getRandomValues: crypto.getRandomValues.bind(crypto) } as Pick<
      Crypto,
      'getRandomValues'
    >;
    const ids = new Set(Array.from({ length: 200 }, () => randomId(insecure)));
    expect(ids.size).toBe(200);
    for (const id of ids) expect(id).toMatch(V4);
  });

  it('sets the version and variant bits whatever the bytes are', () => {
    const fill = (value: number) => ({
      getRandomValues: <T extends ArrayBufferView | null>(array: T): T => {
        (array as unknown as Uint8Array).fill(value);
        return array;
      },
    });
    expect(randomId(fill(0xff))).toBe('ffffffff-ffff-4fff-bfff-ffffffffffff');
    expect(randomId(fill(0))).toBe('00000000-0000-4000-8000-000000000000');
  });
});

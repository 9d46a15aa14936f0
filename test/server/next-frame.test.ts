import { GraphQLError } from 'graphql';
import { describe, expect, it } from 'vitest';
import { nextFrame, serializedPayload } from '../../src/server/streaming/next-frame.ts';

describe('the next frame built around a payload serialized once', () => {
  it('is the JSON graphql-ws would write for the same message', () => {
    const result = { data: { importUpdated: { id: 'SW1wb3J0OjE=', status: 'PROCESSING' } } };
    const frame = nextFrame('7', serializedPayload(result));
    expect(frame).toBe(JSON.stringify({ id: '7', type: 'next', payload: result }));
  });

  it('escapes an id a client chose, so the frame stays one JSON message with that id', () => {
    const hostile = 'a"},"type":"complete","x":"\\\n\u2028</script>';
    const frame = nextFrame(hostile, serializedPayload({ data: { ok: true } }));
    const parsed = JSON.parse(frame) as { id: string; type: string; payload: unknown };
    expect(parsed).toEqual({ id: hostile, type: 'next', payload: { data: { ok: true } } });
  });

  it('serializes one result object once, whoever it is sent to', () => {
    const result = { data: { value: 1 } };
    const first = serializedPayload(result);
    result.data.value = 2; // a second serialization would show the change
    expect(serializedPayload(result)).toBe(first);
    expect(serializedPayload({ data: { value: 2 } })).toBe('{"data":{"value":2}}');
  });

  it('formats errors as every transport does: an unexpected one says only "Internal server error"', () => {
    const error = new GraphQLError('secret detail', { originalError: new Error('secret detail') });
    const payload = JSON.parse(serializedPayload({ data: null, errors: [error] })) as {
      errors: { message: string; extensions: { code: string } }[];
    };
    expect(payload.errors[0]).toMatchObject({
      message: 'Internal server error',
      extensions: { code: 'INTERNAL_SERVER_ERROR' },
    });
  });
});

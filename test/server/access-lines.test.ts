import type { ServerResponse } from 'node:http';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { createAccessLines, keepAccessLine, linkAccessLine } from '../../src/server/http/access-lines.ts';

function capture(level = 'info') {
  const lines: { status: number; requestId: string }[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(JSON.parse(chunk.toString()) as { status: number; requestId: string });
      done();
    },
  });
  return { log: pino({ level }, stream), lines };
}

const line = (requestId: string, status = 200) => ({
  requestId,
  method: 'POST',
  path: '/graphql',
  status,
  ms: 1,
});
const response = () => ({}) as ServerResponse;
const flush = () => new Promise((resolve) => setImmediate(resolve));

describe('access lines', () => {
  it('writes one successful read in `sample`, every error status and every kept operation', async () => {
    const { log, lines } = capture();
    const write = createAccessLines(log, 3);
    for (let read = 1; read <= 6; read++) write(response(), line(`read-${read}`));
    write(response(), line('refused', 400));
    const mutation = response();
    const context = {};
    linkAccessLine(context, mutation);
    keepAccessLine(context);
    write(mutation, line('mutation'));
    await flush();
    expect(lines.map((entry) => entry.requestId)).toEqual(['read-3', 'read-6', 'refused', 'mutation']);
  });

  it('writes every read at a sample of 1, and none at 0 (errors still)', async () => {
    const every = capture();
    const writeEvery = createAccessLines(every.log, 1);
    const none = capture();
    const writeNone = createAccessLines(none.log, 0);
    for (let read = 0; read < 4; read++) {
      writeEvery(response(), line(`read-${read}`));
      writeNone(response(), line(`read-${read}`));
    }
    writeNone(response(), line('failed', 503));
    await flush();
    expect(every.lines).toHaveLength(4);
    expect(none.lines.map((entry) => entry.requestId)).toEqual(['failed']);
  });

  it('writes nothing when info is off', async () => {
    const { log, lines } = capture('warn');
    createAccessLines(log, 1)(response(), line('quiet', 500));
    await flush();
    expect(lines).toHaveLength(0);
  });
});

import { Writable } from 'node:stream';
import { pino, type Logger } from 'pino';

/** A logger whose lines a test can read: for waiting until the gateway says it did something. */
export function capturingLogger(level = 'warn'): {
  log: Logger;
  messages: () => string[];
  /** Every line as written, parsed: its level, message and fields. */
  entries: () => Record<string, unknown>[];
} {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      done();
    },
  });
  return {
    log: pino({ level }, sink),
    messages: () => lines.map((line) => (JSON.parse(line) as { msg?: string }).msg ?? ''),
    entries: () => lines.map((line) => JSON.parse(line) as Record<string, unknown>),
  };
}

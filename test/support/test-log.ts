import { Writable } from 'node:stream';
import { multistream, type Logger } from 'pino';
import { createLogger, logFileDestination } from '../../src/log.ts';

/**
 * The loggers tests give gateways and adaptors. During `vitest run` every one writes at debug
 * level to the test file's log in the run's log directory (test/setup/log-file.ts names it, in
 * GATEWAY_TEST_LOG_FILE; child processes inherit it), so the check at the end of the run can look
 * for secrets in everything the suite logged. Outside a run (no such variable) they are silent.
 */
export function testLogFile(): string | undefined {
  return process.env.GATEWAY_TEST_LOG_FILE || undefined;
}

export function testLogger(): Logger {
  const file = testLogFile();
  return file ? createLogger('debug', file) : createLogger('silent');
}

/**
 * A test logger that also keeps its lines, for tests that assert on what was (or was not) logged:
 * the gateway's own logger (redaction included), writing to the run's log file as well.
 */
export function capturingLogger(): { log: Logger; lines: string[] } {
  const lines: string[] = [];
  const capture = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(chunk.toString('utf8'));
      done();
    },
  });
  const file = testLogFile();
  const destination = file
    ? multistream([
        { level: 'debug', stream: capture },
        { level: 'debug', stream: logFileDestination(file) },
      ])
    : capture;
  return { log: createLogger('debug', destination), lines };
}

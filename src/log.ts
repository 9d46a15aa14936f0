import { destination as pinoDestination, pino, type DestinationStream, type Logger } from 'pino';
import { currentRequestId } from './request-id.ts';
import { stdoutDestination } from './stdout-destination.ts';
import { currentTraceIds } from './trace-ids.ts';

/** One open file per path, shared by every logger of the process (tests make many loggers). */
const files = new Map<string, DestinationStream>();

/** The destination of LOG_FILE: appended to, created with its directory if need be. */
export function logFileDestination(path: string): DestinationStream {
  let destination = files.get(path);
  if (!destination) {
    // Synchronous appends: the lines just before a crash (or a SIGKILL) are the ones an operator
    // needs, and an asynchronous writer would still hold them in its buffer.
    destination = pinoDestination({ dest: path, append: true, mkdir: true, sync: true });
    files.set(path, destination);
  }
  return destination;
}

/**
 * Structured JSON logs on stdout (stdout-destination.ts: never waits for a stuck reader), or to
 * `destination`: a file path (LOG_FILE, appended to) or a stream. Secrets are redacted by path
 * wherever they might be logged (headers, settings), so a careless log line cannot leak a vendor
 * key. LOG_LEVEL and LOG_FILE are read by config.ts (log-settings.ts), like every setting.
 */
export function createLogger(
  level = 'info',
  destination: string | DestinationStream | undefined = undefined,
): Logger {
  const options = {
    level,
    base: { service: 'import-gateway' },
    // Every line written while serving a request names it, vendor calls and errors included;
    // with tracing on, the span it was written in too (docs/OPERATIONS.md, Traces, logs and metrics).
    mixin: () => {
      const requestId = currentRequestId();
      const trace = currentTraceIds();
      if (trace) return requestId ? { requestId, ...trace } : { ...trace };
      return requestId ? { requestId } : {};
    },
    redact: {
      paths: [
        'headers.authorization',
        'headers["account-token"]',
        'headers["x-commercelayer-signature"]',
        'connectionParams.Authorization',
        'connectionParams.authorization',
        '*.headers.authorization',
        '*.access_token',
        'access_token',
        '*.apiKey',
        '*.accountToken',
        '*.clientSecret',
        '*.webhookSecret',
        'config.*.apiKey',
        'config.*.accountToken',
        'config.*.clientSecret',
        'config.*.webhookSecret',
      ],
      censor: '[redacted]',
    },
  };
  if (destination === undefined || level === 'silent') return pino(options, stdoutDestination());
  return pino(options, typeof destination === 'string' ? logFileDestination(destination) : destination);
}

export type { Logger };

import { pino, type Logger } from 'pino';
import { currentRequestId } from './request-id.ts';

/**
 * Structured JSON logs on stdout. Secrets are redacted by path wherever they might be logged
 * (headers, settings), so a careless log line cannot leak a vendor key.
 */
export function createLogger(level = process.env.LOG_LEVEL ?? 'info'): Logger {
  return pino({
    level,
    base: { service: 'import-gateway' },
    // Every line written while serving a request names it, vendor calls and errors included.
    mixin: () => {
      const requestId = currentRequestId();
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
  });
}

export type { Logger };

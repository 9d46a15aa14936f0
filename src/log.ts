import { pino, type Logger } from 'pino';

/**
 * Structured JSON logs on stdout. Secrets are redacted by path wherever they might be logged
 * (headers, settings), so a careless log line cannot leak a vendor key.
 */
export function createLogger(level = process.env.LOG_LEVEL ?? 'info'): Logger {
  return pino({
    level,
    base: { service: 'import-gateway' },
    redact: {
      paths: [
        'headers.authorization',
        'headers["account-token"]',
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

import { readValue, type Env } from './env-values.ts';

/** pino's levels, as README (Configuration) lists them for LOG_LEVEL. */
const LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

export type LogLevel = (typeof LEVELS)[number];

/** Where the JSON logs go and how much of them (README, Configuration). */
export interface LogSettings {
  /** LOG_LEVEL, default info. */
  level: LogLevel;
  /** LOG_FILE: append to this file instead of writing to stdout; unset (or empty): stdout. */
  file: string | undefined;
}

/** An unknown level is a configuration problem, where pino would throw with a stack at start. */
export function readLogSettings(env: Env, problems: string[]): LogSettings {
  const file = readValue(env, 'LOG_FILE');
  const level = readValue(env, 'LOG_LEVEL')?.toLowerCase() ?? 'info';
  if ((LEVELS as readonly string[]).includes(level)) return { level: level as LogLevel, file };
  problems.push(`LOG_LEVEL must be one of ${LEVELS.join(', ')}, got "${level}".`);
  return { level: 'info', file };
}

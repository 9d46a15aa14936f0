import { readInteger, readValue, type Env } from './env-values.ts';

/** pino's levels, as README (Configuration) lists them for LOG_LEVEL. */
const LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

export type LogLevel = (typeof LEVELS)[number];

/** Where the JSON logs go and how much of them (README, Configuration). */
export interface LogSettings {
  /** LOG_LEVEL, default info. */
  level: LogLevel;
  /** LOG_FILE: append to this file instead of writing to stdout; unset (or empty): stdout. */
  file: string | undefined;
  /**
   * ACCESS_LOG_SAMPLE, default 100: one successful read in this many gets its `request` line at
   * info; 1 writes every one, 0 none. Mutations and errors always get theirs.
   */
  accessLogSample: number;
}

/** An unknown level is a configuration problem, where pino would throw with a stack at start. */
export function readLogSettings(env: Env, problems: string[]): LogSettings {
  const file = readValue(env, 'LOG_FILE');
  const level = readValue(env, 'LOG_LEVEL')?.toLowerCase() ?? 'info';
  const accessLogSample = readInteger(
    env,
    { name: 'ACCESS_LOG_SAMPLE', fallback: 100, min: 0, max: 1_000_000 },
    problems,
  );
  if ((LEVELS as readonly string[]).includes(level))
    return { level: level as LogLevel, file, accessLogSample };
  problems.push(`LOG_LEVEL must be one of ${LEVELS.join(', ')}, got "${level}".`);
  return { level: 'info', file, accessLogSample };
}

/**
 * Typed readers of environment values, shared by config.ts and the settings it gathers. Each
 * reader records a problem (naming the variable, never echoing a secret) instead of throwing, so
 * an operator sees every mistake of a configuration at once.
 */
export type Env = Record<string, string | undefined>;

/** An empty value counts as unset (README). */
export function readValue(env: Env, name: string): string | undefined {
  const value = env[name]?.trim();
  return value ? value : undefined;
}

/** An integer setting: its variable, its default, and the range it must lie in. */
export interface IntegerSetting {
  name: string;
  fallback: number;
  min: number;
  max: number;
}

/** A whole number within the setting's range; anything else is a problem and the default. */
export function readInteger(env: Env, setting: IntegerSetting, problems: string[]): number {
  const { name, fallback, min, max } = setting;
  const value = readValue(env, name);
  if (value === undefined) return fallback;
  if (!/^\d+$/.test(value) || Number(value) < min || Number(value) > max) {
    problems.push(`${name} must be a whole number from ${min} to ${max}, got "${value}".`);
    return fallback;
  }
  return Number(value);
}

/** `1`/`true`/`on` or `0`/`false`/`off`; anything else is a problem. */
export function readFlag(env: Env, name: string, fallback: boolean, problems: string[]): boolean {
  const value = readValue(env, name)?.toLowerCase();
  if (value === undefined) return fallback;
  if (['1', 'true', 'on', 'yes'].includes(value)) return true;
  if (['0', 'false', 'off', 'no'].includes(value)) return false;
  problems.push(`${name} must be 1 or 0 (on or off), got "${value}".`);
  return fallback;
}

/** An HTTP header name or other RFC 9110 token (`x-api-key`). */
export function isHeaderToken(value: string): boolean {
  return /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(value);
}

/** A comma-separated list, blanks dropped. */
export function readList(env: Env, name: string): string[] {
  return (readValue(env, name) ?? '')
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
}

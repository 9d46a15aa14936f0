import { isHeaderToken, readValue as read, type Env } from '../env-values.ts';

/**
 * Readers the vendors' settings share (README, Configuration). Like env-values.ts, each records a
 * problem naming the variable, never echoing a secret, instead of throwing.
 */

/** An http(s) origin, its trailing slashes dropped. */
export function readOrigin(env: Env, name: string, fallback: string, problems: string[]): string {
  const value = read(env, name) ?? fallback;
  if (!URL.canParse(value) || !/^https?:$/.test(new URL(value).protocol)) {
    problems.push(`${name} must be an http(s) URL, got "${value}".`);
    return fallback;
  }
  return value.replace(/\/+$/, '');
}

/** An HTTP header name (RFC 9110 token), as a webhook signature header must be. */
export function readHeaderName(env: Env, name: string, problems: string[]): string | undefined {
  const value = read(env, name);
  if (value !== undefined && !isHeaderToken(value)) {
    problems.push(`${name} must be an HTTP header name, got "${value}".`);
    return undefined;
  }
  return value;
}

/** Credentials that are partly set are a mistake worth stopping for, not a disabled provider. */
export function readCredentials<K extends string>(
  env: Env,
  names: readonly K[],
  provider: string,
  problems: string[],
): Record<K, string> | undefined {
  const values = Object.fromEntries(names.map((name) => [name, read(env, name)])) as Record<
    K,
    string | undefined
  >;
  const set = names.filter((name) => values[name] !== undefined);
  if (set.length === 0) return undefined;
  if (set.length < names.length) {
    const missing = names.filter((name) => values[name] === undefined);
    problems.push(
      `${provider} is partly configured: set ${missing.join(' and ')} too, or unset ${set.join(' and ')}.`,
    );
    return undefined;
  }
  return values as Record<K, string>;
}

/** An origin the vendor has no default for, required once its credentials are set. */
export function readRequiredOrigin(
  env: Env,
  name: string,
  why: string,
  problems: string[],
): string | undefined {
  const value = read(env, name);
  if (!value) {
    problems.push(`${name} is required with ${why}.`);
    return undefined;
  }
  return readOrigin(env, name, value, problems);
}

import { readValue as read, type Env } from './env-values.ts';
import { SCOPES, type Scope } from './principal.ts';
import { readJwtSettings, type JwtSettings } from './jwt-settings.ts';

/** Gateway authentication settings (docs/SECURITY.md, Authentication); parsed by config.ts from the environment. */

export interface ApiKeyEntry {
  name: string;
  /** SHA-256 of the key, as 32 bytes: the key itself is never configured. */
  sha256: Buffer;
  scopes: Scope[];
}

export interface AuthSettings {
  apiKeys: ApiKeyEntry[];
  jwt: JwtSettings | undefined;
  /** Neither keys nor JWKS: every caller is let in (with a loud warning at start). */
  open: boolean;
}

/** `name:sha256hex:scope+scope`, comma-separated; problems are named without echoing any hash. */
function parseApiKeys(raw: string, problems: string[]): ApiKeyEntry[] {
  const entries: ApiKeyEntry[] = [];
  raw.split(',').forEach((entry, index) => {
    // Scopes contain colons themselves (imports:read), so only the first two colons separate fields.
    const text = entry.trim();
    const first = text.indexOf(':');
    const second = text.indexOf(':', first + 1);
    const name = first > 0 ? text.slice(0, first) : '';
    const hash = second > first ? text.slice(first + 1, second) : '';
    const scopes = second > first ? text.slice(second + 1) : '';
    const where = `GATEWAY_API_KEYS entry ${index + 1}`;
    if (!name || !hash || !scopes) {
      problems.push(`${where} must look like name:sha256hex:scope+scope.`);
      return;
    }
    if (!/^[0-9a-fA-F]{64}$/.test(hash)) {
      problems.push(
        `${where} (${name}): the second part must be the SHA-256 of the key in hex (64 characters).`,
      );
      return;
    }
    const scopeList = scopes.split('+');
    const unknown = scopeList.filter((scope) => !(SCOPES as readonly string[]).includes(scope));
    if (unknown.length > 0) {
      problems.push(`${where} (${name}): unknown scope ${unknown.join(', ')}; use ${SCOPES.join(' or ')}.`);
      return;
    }
    entries.push({ name, sha256: Buffer.from(hash, 'hex'), scopes: scopeList as Scope[] });
  });
  return entries;
}

export function readAuthSettings(env: Env, production: boolean, problems: string[]): AuthSettings {
  const rawKeys = read(env, 'GATEWAY_API_KEYS');
  const apiKeys = rawKeys ? parseApiKeys(rawKeys, problems) : [];
  const jwt = readJwtSettings(env, production, problems);
  const open = apiKeys.length === 0 && jwt === undefined && !rawKeys;
  if (open && production && read(env, 'ALLOW_UNAUTHENTICATED') !== '1') {
    problems.push(
      'NODE_ENV=production with no GATEWAY_API_KEYS and no AUTH_JWKS_URL: refusing to run without authentication. ' +
        'Configure one, or set ALLOW_UNAUTHENTICATED=1 to run open on purpose.',
    );
  }
  return { apiKeys, jwt, open };
}

import { readFlag, readInteger, readList, type Env } from './env-values.ts';
import { readAuthSettings, type AuthSettings } from './auth-settings.ts';
import { readTransportSettings, type TransportSettings } from './transport-settings.ts';

/** Limits every GraphQL document meets before it runs (HTTP, WebSocket and SSE alike). */
export interface QueryLimits {
  /** MAX_QUERY_DEPTH, default 12: the deepest real query (messages of imports in a page) is 7. */
  maxDepth: number;
  /** MAX_QUERY_ALIASES, default 15. */
  maxAliases: number;
  /** MAX_QUERY_TOKENS, default 5,000: parsing stops there, so a huge document costs little. */
  maxTokens: number;
  /** MAX_QUERY_DIRECTIVES, default 50. */
  maxDirectives: number;
  /** MAX_QUERY_COST, default 20,000 (limits/page-cost-rule.ts counts `first`/`last`). */
  maxCost: number;
  /**
   * MAX_QUERY_SELECTIONS, default 2,000: selections with fragments expanded, and pairs of
   * same-named fields or fragments side by side, checked before validation
   * (limits/selection-limit.ts). GraphiQL's introspection query is about 490 selections and 75
   * pairs; at 2,000 the costliest documents found validate in a few milliseconds (bench/NOTES.md).
   */
  maxSelections: number;
  /**
   * MAX_VARIABLE_LIST_ITEMS, default 1,000: items of typed lists in an operation's variables,
   * counted before graphql-js coerces them (limits/variable-list-items.ts); the longest list this
   * API takes is 100 (`nodes(ids:)`), and a `JSON` value counts as one.
   */
  maxVariableListItems: number;
}

export interface SecuritySettings {
  auth: AuthSettings;
  /** CORS_ORIGINS: browser origins allowed to call the gateway; none by default (`*` allows any). */
  corsOrigins: string[];
  /** GRAPHQL_INTROSPECTION, default on, off with NODE_ENV=production. */
  introspection: boolean;
  /** GRAPHQL_PLAYGROUND, default on, off with NODE_ENV=production. */
  playground: boolean;
  /** CONSOLE: the imports console at /console; default on, off with NODE_ENV=production; demo mode honours it. */
  console: boolean;
  /**
   * PERSISTED_OPERATIONS: JSON manifests, comma-separated, of `{ "<sha256>": "<document>" }` or
   * Apollo's format; when set, only their operations run. Empty: any document runs.
   */
  persistedOperationsFiles: string[];
  limits: QueryLimits;
  /** Connections, in-flight operations, subscriptions per caller, the document cache, allowed hosts. */
  transport: TransportSettings;
}

export function readSecuritySettings(env: Env, production: boolean, problems: string[]): SecuritySettings {
  const corsOrigins = readList(env, 'CORS_ORIGINS');
  for (const origin of corsOrigins) {
    if (origin !== '*' && (!URL.canParse(origin) || new URL(origin).origin !== origin))
      problems.push(`CORS_ORIGINS entries must be origins like https://app.example.com, got "${origin}".`);
  }
  return {
    auth: readAuthSettings(env, production, problems),
    corsOrigins,
    introspection: readFlag(env, 'GRAPHQL_INTROSPECTION', !production, problems),
    playground: readFlag(env, 'GRAPHQL_PLAYGROUND', !production, problems),
    console: readFlag(env, 'CONSOLE', !production, problems),
    persistedOperationsFiles: readList(env, 'PERSISTED_OPERATIONS'),
    limits: {
      maxDepth: readInteger(env, { name: 'MAX_QUERY_DEPTH', fallback: 12, min: 2, max: 1_000 }, problems),
      maxAliases: readInteger(
        env,
        { name: 'MAX_QUERY_ALIASES', fallback: 15, min: 0, max: 10_000 },
        problems,
      ),
      maxTokens: readInteger(
        env,
        { name: 'MAX_QUERY_TOKENS', fallback: 5_000, min: 100, max: 1_000_000 },
        problems,
      ),
      maxDirectives: readInteger(
        env,
        { name: 'MAX_QUERY_DIRECTIVES', fallback: 50, min: 0, max: 10_000 },
        problems,
      ),
      maxCost: readInteger(
        env,
        { name: 'MAX_QUERY_COST', fallback: 20_000, min: 10, max: 100_000_000 },
        problems,
      ),
      maxSelections: readInteger(
        env,
        { name: 'MAX_QUERY_SELECTIONS', fallback: 2_000, min: 100, max: 1_000_000 },
        problems,
      ),
      maxVariableListItems: readInteger(
        env,
        { name: 'MAX_VARIABLE_LIST_ITEMS', fallback: 1_000, min: 100, max: 10_000_000 },
        problems,
      ),
    },
    transport: readTransportSettings(env, problems),
  };
}

/**
 * Demo mode serves everyone on loopback (README): auth off, playground and introspection on. The
 * console stays as CONSOLE says (on unless `CONSOLE=0`: demo mode is never production).
 */
export function demoSecurity(settings: SecuritySettings): SecuritySettings {
  return {
    ...settings,
    auth: { apiKeys: [], jwt: undefined, open: true },
    introspection: true,
    playground: true,
  };
}

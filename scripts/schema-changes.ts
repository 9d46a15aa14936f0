/**
 * The breaking-change guard (docs/SCHEMA-CHANGES.md): what graphql-js's `findBreakingChanges` and
 * `findDangerousChanges` find between the schema of the last release (schema/baseline.graphql)
 * and the one served now, and which breaking changes the changelog does not list. A breaking
 * change is listed when its description, exactly as graphql-js writes it, is the code span that
 * opens an entry of the changelog's "Breaking changes" section.
 */
import { buildSchema, findBreakingChanges, findDangerousChanges, type GraphQLSchema } from 'graphql';

export const CHANGELOG_FILE = 'docs/SCHEMA-CHANGES.md';
const SECTION = 'Breaking changes';

export interface SchemaChangeReport {
  /** Breaking changes the changelog lists (a deliberate break, with its reason). */
  listed: string[];
  /** Breaking changes the changelog does not list: each fails the guard. */
  unlisted: string[];
  /** Changes that may break some clients (an enum value or an optional argument added): told, never failed. */
  dangerous: string[];
  /** Entries of the changelog that name no change any more: stale, and told so. */
  stale: string[];
}

/** The descriptions the changelog's "Breaking changes" section lists: `- \`<description>\` …`. */
export function listedBreakingChanges(changelog: string): string[] {
  const section = changelog.split(new RegExp(`^## ${SECTION}\\s*$`, 'm'))[1]?.split(/^## /m)[0] ?? '';
  return [...section.matchAll(/^[-*] `([^`]+)`/gm)].map((match) => match[1]!);
}

export function compareWithBaseline(options: {
  baselineSdl: string;
  served: GraphQLSchema;
  changelog: string;
}): SchemaChangeReport {
  const baseline = buildSchema(options.baselineSdl);
  const breaking = findBreakingChanges(baseline, options.served).map((change) => change.description);
  const listed = new Set(listedBreakingChanges(options.changelog));
  return {
    listed: breaking.filter((description) => listed.has(description)),
    unlisted: breaking.filter((description) => !listed.has(description)),
    dangerous: findDangerousChanges(baseline, options.served).map((change) => change.description),
    stale: [...listed].filter((description) => !breaking.includes(description)),
  };
}

/**
 * The breaking-change guard (docs/SCHEMA-CHANGES.md): on small fixtures, that it fails on an
 * unlisted break and passes a listed one; on the repository, that the served schema breaks nothing
 * of the last release's the changelog does not list, and that schema.graphql is what is served.
 */
import { readFileSync } from 'node:fs';
import { buildSchema } from 'graphql';
import { describe, expect, it } from 'vitest';
import { printedSchema, PRINTED_SCHEMA_FILE } from '../../scripts/printed-schema.ts';
import { CHANGELOG_FILE, compareWithBaseline, listedBreakingChanges } from '../../scripts/schema-changes.ts';
import { buildGatewaySchema } from '../../src/graphql/schema.ts';

const read = (path: string) => readFileSync(new URL(`../../${path}`, import.meta.url), 'utf8');

const BASELINE = `
type Query { imports: [String!]!, total: Int, size: Int, state: State }
enum State { OK FAILED }
`;
/** `total` removed (breaking), a value added to an enum the client reads (dangerous). */
const SERVED = buildSchema(`
type Query { imports: [String!]!, size: Int, state: State }
enum State { OK FAILED DISABLED }
`);

const changelog = (...entries: string[]) =>
  [
    '# Schema changes',
    '',
    '## Breaking changes',
    '',
    ...entries,
    '',
    '## Released',
    '',
    '- `Query.imports was removed.` long ago',
  ].join('\n');

describe('breaking-change guard, on fixtures', () => {
  it('reports a removed field as an unlisted break, and an added enum value as dangerous only', () => {
    const report = compareWithBaseline({ baselineSdl: BASELINE, served: SERVED, changelog: changelog() });
    expect(report.unlisted).toEqual(['Query.total was removed.']);
    expect(report.listed).toEqual([]);
    expect(report.dangerous).toEqual(['DISABLED was added to enum type State.']);
  });

  it('passes a break the changelog lists under "Breaking changes", by its exact description', () => {
    const listed = changelog('- `Query.total was removed.` Counting moved to `totals`.');
    expect(compareWithBaseline({ baselineSdl: BASELINE, served: SERVED, changelog: listed })).toMatchObject({
      unlisted: [],
      listed: ['Query.total was removed.'],
    });
    // Another section's entry, or a near miss of the words, lists nothing.
    const elsewhere = changelog('- `Query.total was removed` (no full stop)');
    expect(
      compareWithBaseline({ baselineSdl: BASELINE, served: SERVED, changelog: elsewhere }).unlisted,
    ).toEqual(['Query.total was removed.']);
  });

  it('tells an entry that names no change any more', () => {
    const report = compareWithBaseline({
      baselineSdl: BASELINE,
      served: buildSchema(BASELINE),
      changelog: changelog('- `Query.total was removed.` Counting moved.'),
    });
    expect(report).toEqual({ listed: [], unlisted: [], dangerous: [], stale: ['Query.total was removed.'] });
  });

  it('reads only the "Breaking changes" section', () => {
    expect(listedBreakingChanges(changelog('- `A.b was removed.` why', '* `C changed type.` why'))).toEqual([
      'A.b was removed.',
      'C changed type.',
    ]);
  });
});

describe('the served schema', () => {
  it('is schema.graphql as committed', () => {
    expect(read(PRINTED_SCHEMA_FILE)).toBe(printedSchema(buildGatewaySchema()));
  });

  it('breaks nothing of the last release (schema/baseline.graphql) that the changelog does not list', () => {
    const report = compareWithBaseline({
      baselineSdl: read('schema/baseline.graphql'),
      served: buildGatewaySchema(),
      changelog: read(CHANGELOG_FILE),
    });
    // Told, not failed: clients with exhaustive switches over an enum may want to know.
    for (const change of report.dangerous) console.info(`dangerous schema change: ${change}`);
    for (const entry of report.stale)
      console.info(`${CHANGELOG_FILE} lists a change that is not made: ${entry}`);
    expect(report.unlisted, `list each in ${CHANGELOG_FILE} with its reason`).toEqual([]);
  });
});

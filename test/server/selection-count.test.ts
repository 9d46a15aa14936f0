import { readFileSync } from 'node:fs';
import { getIntrospectionQuery, parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { countSelections } from '../../src/server/limits/selection-count.ts';
import { selectionLimitError } from '../../src/server/limits/selection-limit.ts';
import { readSecuritySettings } from '../../src/security-settings.ts';
import { nodeCount } from '../support/counting-document.ts';

const DEFAULT_LIMIT = readSecuritySettings({}, true, []).limits.maxSelections;
const count = (query: string, limit = 1_000_000) => countSelections(parse(query), limit);

/** Each fragment spreads the one below twice; F0 selects `__typename`. */
const chain = (levels: number) =>
  `{ ...F${levels} } fragment F0 on Query { __typename } ` +
  Array.from(
    { length: levels },
    (_, level) => `fragment F${level + 1} on Query { ...F${level} ...F${level} }`,
  ).join(' ');

describe('countSelections', () => {
  it('counts fields, __typename, inline fragments and spreads with their fragments, in every definition', () => {
    // Operation: a, the inline fragment, its __typename, the spread, and F's 2 = 6; F itself: 2.
    const counted = count(
      '{ a: __typename ... on Query { __typename } ...F } fragment F on Query { providers { provider } }',
    );
    expect(counted.selections).toBe(8);
  });

  it('counts a chain of fragments exactly, in steps linear in its text', () => {
    // F0 = 1; Fk = 2 spreads + 2 × F(k-1); the operation is 1 spread + F5; each F counts once more.
    const sizes = [1];
    for (let level = 1; level <= 5; level++) sizes.push(2 + 2 * sizes[level - 1]!);
    const expected = 1 + sizes[5]! + sizes.reduce((sum, size) => sum + size, 0);
    expect(count(chain(5)).selections).toBe(expected);

    // 2^40 selections in a few hundred characters: counted in steps, and only up to the limit.
    const huge = parse(chain(40));
    const counted = countSelections(huge, DEFAULT_LIMIT);
    expect(counted.selections).toBe(DEFAULT_LIMIT + 1);
    expect(counted.visits).toBeLessThanOrEqual(2 * nodeCount(huge));
  });

  it('follows a chain of 5,000 fragments without growing the stack', () => {
    const long = `{ ...L4999 } fragment L0 on Query { __typename } ${Array.from(
      { length: 4_999 },
      (_, level) => `fragment L${level + 1} on Query { ...L${level} }`,
    ).join(' ')}`;
    // Each Lk expands to k + 1 selections; every definition counts: far past any limit.
    expect(count(long, 1_000_000).selections).toBe(1_000_001);
  });

  it('stops at a fragment that spreads itself, counts an unknown fragment as nothing, and both bodies of a name defined twice', () => {
    expect(count('{ ...A } fragment A on Query { ...B } fragment B on Query { __typename ...A }').cycle).toBe(
      'A',
    );
    expect(count('{ ...A } fragment A on Query { ...A }').cycle).toBe('A');
    const unknown = count('{ ...Missing __typename }');
    expect([unknown.selections, unknown.cycle]).toEqual([2, undefined]);
    const twice = count(
      '{ ...A } fragment A on Query { __typename } fragment A on Query { providers { provider } }',
    );
    // Operation: the spread + both bodies (1 + 2); the definitions: 1 + 2.
    expect(twice.selections).toBe(7);
  });

  it('counts the pairs graphql-js compares where selections meet side by side', () => {
    expect(count('{ providers { provider } providers { enabled } }').pairs).toBe(1);
    expect(count('{ providers { provider } providers { provider } }').pairs).toBe(2);
    // Sub-selections of same-named fields meet as one set: 3 × 3 `provider` there.
    const nested = count(`{ ${'providers { provider provider provider } '.repeat(3)}}`);
    expect(nested.pairs).toBe(3 + (9 * 8) / 2);
    // Each spread meets each response name there (2 × 2: __typename, and providers from B), the
    // two spreads each other, and A's __typename the one beside it.
    expect(
      count(
        '{ __typename ...A ...B } fragment A on Query { __typename } fragment B on Query { providers { provider } }',
      ).pairs,
    ).toBe(2 * 2 + 1 + 1);
    // A fragment spread twice in one selection set is compared once.
    expect(count('{ ...A ...A } fragment A on Query { __typename }').pairs).toBe(
      count('{ ...A } fragment A on Query { __typename }').pairs,
    );
  });
});

describe('selectionLimitError', () => {
  it('lets the playground introspection query and the README examples through the default limit', () => {
    // GraphiQL (in @graphql-yoga/render-graphiql) asks with these options; the widest options too.
    const documents = [
      getIntrospectionQuery({ inputValueDeprecation: true, schemaDescription: true }),
      getIntrospectionQuery({
        inputValueDeprecation: true,
        schemaDescription: true,
        specifiedByUrl: true,
        directiveIsRepeatable: true,
        oneOf: true,
      }),
    ];
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    const examples = [...readme.matchAll(/```graphql\n([\s\S]*?)```/g)].map((match) => match[1]!);
    expect(examples.length).toBeGreaterThan(1);
    for (const document of [...documents, ...examples]) {
      expect(selectionLimitError(parse(document), DEFAULT_LIMIT)).toBeUndefined();
    }
    // The margin: the introspection query is a quarter of the default.
    expect(count(documents[1]!).selections).toBeLessThan(DEFAULT_LIMIT / 4);
  });

  it('refuses too many selections, too many pairs, and a cycle, saying what to do', () => {
    const tooMany = selectionLimitError(parse(chain(22)), DEFAULT_LIMIT);
    expect(tooMany?.extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(tooMany?.message).toBe(
      `The document makes more than ${DEFAULT_LIMIT} selections once its fragments are expanded ` +
        `(MAX_QUERY_SELECTIONS is ${DEFAULT_LIMIT}): spread each fragment fewer times, or split the operation into smaller ones.`,
    );
    const sideBySide = selectionLimitError(parse(`{ ${'__typename '.repeat(70)}}`), DEFAULT_LIMIT);
    expect(sideBySide?.message).toMatch(
      new RegExp(
        `^The document has 2415 pairs of same-named fields .* more than ${DEFAULT_LIMIT} \\(MAX_QUERY_SELECTIONS`,
      ),
    );
    const cycle = selectionLimitError(parse('{ ...A } fragment A on Query { ...A }'), DEFAULT_LIMIT);
    expect(cycle?.message).toMatch(/fragment "A" spreads itself/);
  });
});

import { Kind, type SelectionSetNode } from 'graphql';
import type { Body } from './definition-body.ts';

/** One selection set of the document with its fragments expanded, and all that merges into it. */
interface MergedSet {
  /** Fields by response name: how many, and the set their sub-selections merge into. */
  fields: Map<string, { count: number; inside: MergedSet | undefined }>;
  /** Fragment spreads, one per fragment and selection set of the text they appear in. */
  spreads: number;
  /** Fragments whose selections have been merged in (once is enough: a fragment is not compared with itself). */
  expanded: Set<string>;
}

const mergedSet = (): MergedSet => ({ fields: new Map(), spreads: 0, expanded: new Set() });

/**
 * The pairs graphql-js's OverlappingFieldsCanBeMerged may compare. In each selection set, that rule
 * compares every two fields with one response name, each fragment spread with the fields beside it,
 * and every two spreads; and for two fields it compares, it goes on into their sub-selections, which
 * so meet as one set. Its work grows with the square of what meets in one merged set, which the
 * expanded selection count does not see: 60 `providers { provider }` fields are 120 selections
 * and 3,540 pairs; 7 `imports { … }` fields, each selecting `nodes` 7 times and each of those
 * `counts { total }` 7 times, are 742 selections, and the 343 `counts` (and as many `total`) that
 * meet in one merged set are 58,653 pairs each.
 *
 * Counted on the document with its fragments expanded, each selection set merged into the one of
 * its parent field's response name (and inline fragments into the set they are in). graphql-js
 * compares a fragment spread twice in one selection set once, so such a spread counts once; each
 * fragment's selections are merged into a set once, so the walk takes at most the expanded
 * selection count in steps: call it only once that count is within the limit, with no fragment
 * that spreads itself.
 */
export function countSideBySidePairs(
  definitions: readonly Body[],
  fragments: ReadonlyMap<string, Body>,
): { pairs: number; visits: number } {
  let pairs = 0;
  let visits = 0;
  for (const definition of definitions) {
    const root = mergedSet();
    /** `spread`: the fragments already spread in the text's selection set (inline fragments included). */
    const pending = definition.sets.map((set) => ({ set, into: root, spread: new Set<string>() }));
    for (let next = pending.pop(); next; next = pending.pop()) {
      const { into, spread } = next;
      for (const selection of next.set.selections) {
        visits++;
        if (selection.kind === Kind.FIELD) {
          const name = (selection.alias ?? selection.name).value;
          let field = into.fields.get(name);
          // A new response name meets every spread already there; a repeated one, its namesakes.
          pairs += field ? field.count : into.spreads;
          if (!field) into.fields.set(name, (field = { count: 0, inside: undefined }));
          field.count++;
          if (selection.selectionSet) {
            field.inside ??= mergedSet();
            pending.push({ set: selection.selectionSet, into: field.inside, spread: new Set() });
          }
        } else if (selection.kind === Kind.INLINE_FRAGMENT) {
          pending.push({ set: selection.selectionSet, into, spread });
        } else if (!spread.has(selection.name.value)) {
          const name = selection.name.value;
          spread.add(name);
          pairs += into.spreads + into.fields.size;
          into.spreads++;
          if (into.expanded.has(name)) continue;
          into.expanded.add(name);
          const sets: SelectionSetNode[] = fragments.get(name)?.sets ?? [];
          for (const set of sets) pending.push({ set, into, spread: new Set() });
        }
      }
    }
  }
  return { pairs, visits };
}

import { Kind, type DocumentNode, type SelectionSetNode } from 'graphql';
import type { Body } from './definition-body.ts';
import { countSideBySidePairs } from './side-by-side-pairs.ts';

/**
 * How much a document would make validation work, counted before any validation rule runs.
 *
 * `selections`: fields (`__typename` and introspection fields included: the rules visit them like
 * any other), inline fragments, and fragment spreads, a spread also counting everything its
 * fragment selects, expanded in turn. That is the most a rule that follows spreads could walk:
 * graphql-armor's rules and limits/page-cost-rule.ts walk each fragment once, but a bound on the
 * expanded document keeps every rule within a known size, graphql-js's own and any added later.
 * Every definition counts, fragments as well as operations, since validation visits both.
 *
 * `pairs`: what graphql-js's OverlappingFieldsCanBeMerged may compare (side-by-side-pairs.ts),
 * counted only once `selections` is within the limit.
 */
export interface SelectionCount {
  /** Selections with fragments expanded; past the limit it stops counting at `limit + 1`. */
  selections: number;
  /** 0 when `selections` is over the limit or a fragment spreads itself. */
  pairs: number;
  /** A fragment that spreads itself, directly or through others (graphql-js refuses it too). */
  cycle?: string;
  /**
   * Selections and spreads stepped through: at most twice the selections in the text, plus the
   * expanded selections when they are within the limit.
   */
  visits: number;
}

/**
 * Counts in time linear in the document: each definition's text is walked once, and each
 * fragment's expanded count is worked out once and reused at every spread of it (a chain where
 * each fragment spreads the one below twice selects 2^n fields in n lines, and is still counted in
 * n steps). Loops, not recursion: a chain of thousands of fragments does not grow the stack. A
 * fragment that spreads itself stops the count (it could never be expanded).
 */
export function countSelections(document: DocumentNode, limit: number): SelectionCount {
  const saturated = (count: number) => Math.min(count, limit + 1);
  let visits = 0;
  const walk = (root: SelectionSetNode): Body => {
    const body: Body = { own: 0, spreads: [], sets: [root] };
    const pending = [root];
    for (let set = pending.pop(); set; set = pending.pop()) {
      for (const selection of set.selections) {
        visits++;
        body.own++;
        if (selection.kind === Kind.FRAGMENT_SPREAD) body.spreads.push(selection.name.value);
        else if (selection.selectionSet) pending.push(selection.selectionSet);
      }
    }
    return body;
  };

  const operations: Body[] = [];
  const fragments = new Map<string, Body>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.OPERATION_DEFINITION) operations.push(walk(definition.selectionSet));
    if (definition.kind !== Kind.FRAGMENT_DEFINITION) continue;
    const body = walk(definition.selectionSet);
    // A name defined twice (validation refuses it) counts both bodies: never less than either.
    const twin = fragments.get(definition.name.value);
    if (!twin) fragments.set(definition.name.value, body);
    else {
      twin.own += body.own;
      for (const spread of body.spreads) twin.spreads.push(spread);
      twin.sets.push(definition.selectionSet);
    }
  }

  /** Expanded counts by fragment name; `undefined` while the fragment is being counted. */
  const expanded = new Map<string, number | undefined>();
  let cycle: string | undefined;
  const expand = (name: string): number => {
    if (expanded.has(name)) return expanded.get(name) ?? 0;
    const stack: { name: string; body: Body; next: number; total: number }[] = [];
    const enter = (fragment: string) => {
      const body = fragments.get(fragment);
      // An unknown fragment adds nothing: KnownFragmentNames reports it.
      expanded.set(fragment, body ? undefined : 0);
      if (body) stack.push({ name: fragment, body, next: 0, total: saturated(body.own) });
    };
    enter(name);
    while (stack.length > 0 && !cycle) {
      const frame = stack[stack.length - 1]!;
      if (frame.next === frame.body.spreads.length || frame.total > limit) {
        expanded.set(frame.name, frame.total);
        stack.pop();
        const parent = stack[stack.length - 1];
        if (parent) parent.total = saturated(parent.total + frame.total);
        continue;
      }
      const spread = frame.body.spreads[frame.next++]!;
      visits++;
      if (!expanded.has(spread)) enter(spread);
      else if (expanded.get(spread) === undefined) cycle = spread;
      else frame.total = saturated(frame.total + expanded.get(spread)!);
    }
    return cycle ? limit + 1 : (expanded.get(name) ?? 0);
  };

  let selections = 0;
  const definitions = [...operations, ...fragments.values()];
  for (const body of definitions) {
    selections = saturated(selections + body.own);
    for (const spread of body.spreads) {
      if (cycle) return { selections, pairs: 0, cycle, visits };
      if (selections > limit) return { selections, pairs: 0, visits };
      visits++;
      selections = saturated(selections + expand(spread));
    }
  }
  if (cycle) return { selections, pairs: 0, cycle, visits };
  if (selections > limit) return { selections, pairs: 0, visits };
  // Within the limit and free of cycles, the document expands to `selections` selections.
  const sideBySide = countSideBySidePairs(definitions, fragments);
  return { selections, pairs: sideBySide.pairs, visits: visits + sideBySide.visits };
}

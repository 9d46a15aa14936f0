import { parse, type GraphQLError } from 'graphql';
import type { OperationRules } from './operation-rules.ts';

/** Documents remembered as having passed, and the characters they may hold together. */
const MAX_REMEMBERED = 1_000;
const MAX_REMEMBERED_CHARS = 2_000_000;

/**
 * The HTTP route's checks of a document before Apollo parses and validates it: the text
 * (OperationRules.checkSource), then the parsed document (OperationRules.checkDocument). Apollo
 * is handed the text and parses it again; to keep that second parse off the hot path, documents
 * that passed are remembered by their text (least recently used out first, within a character
 * budget, so the memory stays small whatever the documents), and a document sent again is let
 * through at the cost of a lookup. A document that does not parse is left to Apollo, which
 * reports the parser's error as it always has.
 */
export function createSourceGate(rules: OperationRules): (query: string) => GraphQLError | undefined {
  const passed = new Set<string>();
  let chars = 0;
  return (query) => {
    if (passed.delete(query)) {
      passed.add(query); // most recently used last
      return undefined;
    }
    const tooDeep = rules.checkSource(query);
    if (tooDeep) return tooDeep;
    let refused: GraphQLError | undefined;
    try {
      refused = rules.checkDocument(parse(query, rules.parseOptions));
    } catch {
      return undefined;
    }
    if (refused || query.length > MAX_REMEMBERED_CHARS / 10) return refused;
    passed.add(query);
    chars += query.length;
    for (const oldest of passed) {
      if (passed.size <= MAX_REMEMBERED && chars <= MAX_REMEMBERED_CHARS) break;
      passed.delete(oldest);
      chars -= oldest.length;
    }
    return undefined;
  };
}

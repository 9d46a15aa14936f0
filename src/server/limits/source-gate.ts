import { parse, type GraphQLError } from 'graphql';
import type { OperationRules } from './operation-rules.ts';
import type { ListVariables } from './variable-list-items.ts';

/** Documents remembered as having passed, and the characters they may hold together. */
const MAX_REMEMBERED = 1_000;
const MAX_REMEMBERED_CHARS = 2_000_000;

/** One GraphQL request over HTTP as the gate sees it, before Apollo does. */
export interface GatedRequest {
  query: string;
  operationName: string | undefined;
  variables: unknown;
}

export type SourceGate = (request: GatedRequest) => GraphQLError | undefined;

/**
 * The HTTP route's checks of a request before Apollo parses, validates and coerces it: the text
 * (OperationRules.checkSource), the parsed document (OperationRules.checkDocument), then the
 * variables against the lists the operation declares (OperationRules.checkVariables). Apollo is
 * handed the text and parses it again; to keep that second parse off the hot path, documents that
 * passed are remembered by their text with the little the variables check needs (least recently
 * used out first, within a character budget, so the memory stays small whatever the documents),
 * and a document sent again costs a lookup. A document that does not parse is left to Apollo,
 * which reports the parser's error as it always has.
 */
export function createSourceGate(rules: OperationRules): SourceGate {
  const passed = new Map<string, ListVariables>();
  let chars = 0;
  const checkText = (query: string): GraphQLError | ListVariables | undefined => {
    const known = passed.get(query);
    if (known) {
      passed.delete(query);
      passed.set(query, known); // most recently used last
      return known;
    }
    const tooDeep = rules.checkSource(query);
    if (tooDeep) return tooDeep;
    let listVariables: ListVariables;
    try {
      const document = parse(query, rules.parseOptions);
      const refused = rules.checkDocument(document);
      if (refused) return refused;
      listVariables = rules.listVariablesOf(document);
    } catch {
      return undefined;
    }
    if (query.length > MAX_REMEMBERED_CHARS / 10) return listVariables;
    passed.set(query, listVariables);
    chars += query.length;
    for (const oldest of passed.keys()) {
      if (passed.size <= MAX_REMEMBERED && chars <= MAX_REMEMBERED_CHARS) break;
      passed.delete(oldest);
      chars -= oldest.length;
    }
    return listVariables;
  };
  return ({ query, operationName, variables }) => {
    const checked = checkText(query);
    if (checked === undefined || checked instanceof Error) return checked;
    return rules.checkVariables(checked, operationName, variables);
  };
}

import { type GraphQLError, type DocumentNode } from 'graphql';
import { graphqlValidationFailed } from '../../graphql/errors.ts';
import { countSelections } from './selection-count.ts';

const refusal = (message: string): GraphQLError => graphqlValidationFailed(message);

/**
 * Refuses, before any validation rule walks it, a document that would make validation do more
 * than MAX_QUERY_SELECTIONS allows: each rule that follows fragment spreads walks every selection
 * again at each spread, and graphql-js's OverlappingFieldsCanBeMerged compares what meets side by
 * side pairwise (selection-count.ts says what counts). One setting bounds both, since both are
 * the work validation does per selection; the default fits GraphiQL's introspection query
 * (about 490 selections, no pairs) with room to spare.
 */
export function selectionLimitError(document: DocumentNode, maxSelections: number): GraphQLError | undefined {
  const { selections, pairs, cycle } = countSelections(document, maxSelections);
  if (cycle !== undefined) {
    return refusal(
      `The fragment "${cycle}" spreads itself, directly or through other fragments; a fragment may not contain itself.`,
    );
  }
  const limit = `MAX_QUERY_SELECTIONS is ${maxSelections}`;
  if (selections > maxSelections) {
    return refusal(
      `The document makes more than ${maxSelections} selections once its fragments are expanded (${limit}): ` +
        'spread each fragment fewer times, or split the operation into smaller ones.',
    );
  }
  if (pairs > maxSelections) {
    return refusal(
      `The document has ${pairs} pairs of same-named fields or fragments side by side for the server to compare, ` +
        `more than ${maxSelections} (${limit}): select each field once per selection set, spread fewer fragments side by side, ` +
        'or split the operation into smaller ones.',
    );
  }
  return undefined;
}

import type { GraphQLError, GraphQLFormattedError } from 'graphql';

/**
 * graphql-js's "Did you mean …?" hints name fields, arguments, types and enum values the schema
 * has: with introspection off they would hand the schema out piece by piece, so they are cut
 * from every message, on every transport. (graphql-armor's own filter, for Apollo, only matches
 * hints that start with a quote, and leaves `Did you mean the enum value "X"?`.)
 */
const SUGGESTION = /\s*Did you mean [^?]*\?/g;

export function withoutSuggestions(message: string): string {
  return message.replace(SUGGESTION, '').trim();
}

/** The same error, its message without hints (errors made for this request only, so changed in place). */
export function hideSuggestions(error: GraphQLError): GraphQLError {
  error.message = withoutSuggestions(error.message);
  return error;
}

export function hideFormattedSuggestions(formatted: GraphQLFormattedError): GraphQLFormattedError {
  return { ...formatted, message: withoutSuggestions(formatted.message) };
}

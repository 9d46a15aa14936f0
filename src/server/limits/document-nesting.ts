import { type GraphQLError, Lexer, Source, TokenKind } from 'graphql';
import { graphqlParseFailed } from '../../graphql/errors.ts';

/**
 * Deepest nesting of braces, brackets and parentheses a document may have. graphql-js parses
 * recursively, so a document nested a few thousand levels deep (`{ a { a { …`, `[[[…`) runs out
 * of stack inside `parse` before `maxTokens` stops it: 5,000 tokens hold 2,500 levels of
 * selections, and 2,000 nested lists already overflow. The client would be told "Maximum call
 * stack size exceeded". 100 is far above any real operation (MAX_QUERY_DEPTH is 12) and far below
 * where the parser's stack runs out.
 */
export const MAX_DOCUMENT_NESTING = 100;

/**
 * The nesting of a document, counted with graphql-js's own lexer (a loop, not a recursion, which
 * skips strings and comments) before the document is parsed. Stops at `maxTokens`, where the
 * parser stops too. A document the lexer refuses is left to the parser, which says why.
 */
export function nestingError(
  query: string,
  maxTokens: number,
  maxNesting = MAX_DOCUMENT_NESTING,
): GraphQLError | undefined {
  const lexer = new Lexer(new Source(query));
  let depth = 0;
  try {
    for (let tokens = 0; tokens < maxTokens; tokens++) {
      const token = lexer.advance();
      switch (token.kind) {
        case TokenKind.EOF:
          return undefined;
        case TokenKind.BRACE_L:
        case TokenKind.BRACKET_L:
        case TokenKind.PAREN_L:
          if (++depth > maxNesting) {
            return graphqlParseFailed(
              `The document nests braces, brackets or parentheses more than ${maxNesting} levels deep; no operation of this API needs that many.`,
            );
          }
          break;
        case TokenKind.BRACE_R:
        case TokenKind.BRACKET_R:
        case TokenKind.PAREN_R:
          depth--;
          break;
      }
    }
  } catch {
    return undefined;
  }
  return undefined;
}

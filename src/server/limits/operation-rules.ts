import type { ApolloServerPlugin } from '@apollo/server';
import { ApolloArmor } from '@escape.tech/graphql-armor';
import type { GraphQLArmorRejectCallback } from '@escape.tech/graphql-armor-types';
import {
  type GraphQLError,
  NoSchemaIntrospectionCustomRule,
  type DocumentNode,
  type GraphQLSchema,
  type ParseOptions,
  type ValidationRule,
} from 'graphql';
import { graphqlValidationFailed } from '../../graphql/errors.ts';
import type { QueryLimits } from '../../security-settings.ts';
import { nestingError } from './document-nesting.ts';
import { pageCostRule } from './page-cost-rule.ts';
import { selectionLimitError } from './selection-limit.ts';
import { subscriptionDirectiveError } from './subscription-directives.ts';
import { listVariablesOf, variableListItemsError, type ListVariables } from './variable-list-items.ts';

/**
 * What every GraphQL document meets before it runs, over HTTP (Apollo) and over the live
 * transports (graphql-ws, graphql-sse) alike, so no transport is a way around a limit. All of it
 * runs at parse or validation time: a rejected document never reaches a resolver or a vendor.
 */
export interface OperationRules {
  /** graphql-js stops parsing past `maxTokens`: a huge or deeply nested document costs little. */
  parseOptions: ParseOptions;
  validationRules: ValidationRule[];
  /**
   * Checks a document's text before it is parsed, for a nesting deep enough to overflow graphql-js's
   * recursive parser (limits/document-nesting.ts).
   */
  checkSource: (query: string) => GraphQLError | undefined;
  /**
   * Checks a parsed document before any validation rule runs, for what would make validation
   * slow (more selections or pairs than MAX_QUERY_SELECTIONS, limits/selection-limit.ts) or make
   * graphql-js throw instead of report (`@skip`/`@include` on a subscription's root field,
   * limits/subscription-directives.ts). Apollo cannot run these itself (an error thrown by a
   * plugin before validation becomes a 500, and its validation rules run after graphql-js's own),
   * so the HTTP route does before handing Apollo the text (limits/source-gate.ts), and the live
   * transports between parsing and validating (operation/prepare.ts).
   */
  checkDocument: (document: DocumentNode) => GraphQLError | undefined;
  /**
   * Checks the variables of a request against the typed lists its operation declares, before
   * graphql-js coerces them (more items than MAX_VARIABLE_LIST_ITEMS, limits/variable-list-items.ts).
   */
  checkVariables: (
    listVariables: ListVariables,
    operationName: string | undefined,
    variables: unknown,
  ) => GraphQLError | undefined;
  /** What `checkVariables` needs of a parsed document, small enough to remember by its text. */
  listVariablesOf: (document: DocumentNode) => ListVariables;
  /** Apollo-only parts of graphql-armor (hiding field suggestions when introspection is off). */
  apolloPlugins: ApolloServerPlugin[];
  introspection: boolean;
}

/**
 * graphql-armor throws from inside validation by default, which ends validation at the first
 * problem with a "Syntax Error" prefix; reporting instead lets the client see every limit it broke
 * in the words of this gateway.
 */
const report: GraphQLArmorRejectCallback = (context, error) => {
  const message = error.message.replace(/^Syntax Error: /, '');
  context?.reportError(
    graphqlValidationFailed(`${message} Split the operation, or ask for less in one request.`, {
      nodes: error.nodes,
    }),
  );
};

export function createOperationRules(
  limits: QueryLimits,
  introspection: boolean,
  schema: GraphQLSchema,
): OperationRules {
  const rejection = { onReject: [report], propagateOnRejection: false, exposeLimits: true };
  const armor = new ApolloArmor({
    maxDepth: { n: limits.maxDepth, ignoreIntrospection: true, ...rejection },
    maxAliases: { n: limits.maxAliases, ...rejection },
    maxDirectives: { n: limits.maxDirectives, ...rejection },
    // Tokens are counted by graphql-js's own parser (parseOptions); cost by pageCostRule, which knows
    // what `first`/`last` make the gateway fetch.
    maxTokens: { enabled: false },
    costLimit: { enabled: false },
    blockFieldSuggestion: { enabled: !introspection },
  }).protect();
  return {
    parseOptions: { maxTokens: limits.maxTokens },
    validationRules: [
      ...armor.validationRules,
      pageCostRule({ maxCost: limits.maxCost }),
      ...(introspection ? [] : [NoSchemaIntrospectionCustomRule]),
    ],
    checkSource: (query) => nestingError(query, limits.maxTokens),
    checkDocument: (document) =>
      selectionLimitError(document, limits.maxSelections) ?? subscriptionDirectiveError(schema, document),
    checkVariables: (listVariables, operationName, variables) =>
      variableListItemsError({ listVariables, operationName, variables, max: limits.maxVariableListItems }),
    listVariablesOf: (document) => listVariablesOf(schema, document),
    // graphql-armor is typed against Apollo's CommonJS build, this gateway loads the ESM one; same shape.
    apolloPlugins: armor.plugins as unknown as ApolloServerPlugin[],
    introspection,
  };
}

import {
  type GraphQLError,
  Kind,
  OperationTypeNode,
  SingleFieldSubscriptionsRule,
  validate,
  type DocumentNode,
  type GraphQLSchema,
} from 'graphql';
import { graphqlValidationFailed } from '../../graphql/errors.ts';

/**
 * graphql-js 16's SingleFieldSubscriptionsRule evaluates `@skip`/`@include` on a subscription's
 * root fields with no variables, and a directive argument it cannot evaluate then (a variable, a
 * literal of the wrong type) makes `validate` throw instead of report: Apollo answers 500 and
 * graphql-ws closes the socket. The spec does not allow those directives there anyway ("Single
 * root field"; graphql-js 17 reports them as such). This runs that rule alone and turns what it
 * throws into a validation error, before the document meets the full validation.
 */
export function subscriptionDirectiveError(
  schema: GraphQLSchema,
  document: DocumentNode,
): GraphQLError | undefined {
  const subscribes = document.definitions.some(
    (definition) =>
      definition.kind === Kind.OPERATION_DEFINITION &&
      definition.operation === OperationTypeNode.SUBSCRIPTION,
  );
  if (!subscribes) return undefined;
  try {
    validate(schema, document, [SingleFieldSubscriptionsRule]);
    return undefined;
  } catch (error) {
    return graphqlValidationFailed(
      `A subscription may not use @skip or @include on its root field (${(error as Error).message})`,
    );
  }
}

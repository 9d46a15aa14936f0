import {
  type GraphQLError,
  isInputObjectType,
  isListType,
  isNonNullType,
  Kind,
  typeFromAST,
  type DocumentNode,
  type GraphQLInputType,
  type GraphQLSchema,
} from 'graphql';
import { badUserInput } from '../../graphql/errors.ts';

/**
 * The variables of each operation of a document whose values can hold lists the schema types
 * (list types, and input objects, whose fields may be lists), by operation name (`''` for an
 * anonymous one). Small enough to remember per document text.
 */
export type ListVariables = ReadonlyMap<string, readonly (readonly [string, GraphQLInputType])[]>;

function unwrapNonNull(type: GraphQLInputType): GraphQLInputType {
  return isNonNullType(type) ? type.ofType : type;
}

function mayHoldLists(type: GraphQLInputType): boolean {
  const inner = unwrapNonNull(type);
  return isListType(inner) || isInputObjectType(inner);
}

export function listVariablesOf(schema: GraphQLSchema, document: DocumentNode): ListVariables {
  const byOperation = new Map<string, [string, GraphQLInputType][]>();
  for (const definition of document.definitions) {
    if (definition.kind !== Kind.OPERATION_DEFINITION) continue;
    const variables: [string, GraphQLInputType][] = [];
    for (const variable of definition.variableDefinitions ?? []) {
      // An unknown type is graphql-js's to report; it types nothing here.
      const type = typeFromAST(schema, variable.type) as GraphQLInputType | undefined;
      if (type && mayHoldLists(type)) variables.push([variable.variable.name.value, type]);
    }
    byOperation.set(definition.name?.value ?? '', variables);
  }
  return byOperation;
}

/**
 * Items of typed lists in `variables`, counted up to just past `max`: graphql-js coerces every
 * item of such a list on its own (an `[ID!]` of 700,000 ids, which a 10 MiB body holds, blocks the
 * event loop for about 180 ms), while no operation of this API takes more than 100. A `JSON`
 * scalar (createImport's `inputs`) is one value whatever it holds: it is not walked. A loop with
 * its own stack, since a client chooses how deep the values nest.
 */
export function countListItems(
  variableTypes: readonly (readonly [string, GraphQLInputType])[],
  variables: Record<string, unknown>,
  max: number,
): number {
  let items = 0;
  const pending: [unknown, GraphQLInputType][] = variableTypes
    .filter(([name]) => variables[name] !== undefined && variables[name] !== null)
    .map(([name, type]) => [variables[name], type]);
  for (let next = pending.pop(); next && items <= max; next = pending.pop()) {
    const [value, outer] = next;
    const type = unwrapNonNull(outer);
    if (isListType(type)) {
      const itemType = type.ofType;
      const walkItems = mayHoldLists(itemType);
      // A single value stands for a list of one (GraphQL's input coercion of lists).
      const list = Array.isArray(value) ? value : [value];
      items += list.length;
      if (walkItems && items <= max) {
        for (const item of list) if (item !== null && item !== undefined) pending.push([item, itemType]);
      }
    } else if (isInputObjectType(type) && typeof value === 'object' && value !== null) {
      const fields = type.getFields();
      for (const [name, field] of Object.entries(fields)) {
        const fieldValue = (value as Record<string, unknown>)[name];
        if (fieldValue !== undefined && fieldValue !== null && mayHoldLists(field.type))
          pending.push([fieldValue, field.type]);
      }
    }
  }
  return items;
}

/**
 * MAX_VARIABLE_LIST_ITEMS: refused before graphql-js coerces the variables, so a request that
 * would make it coerce a huge list costs one cheap walk instead.
 */
export function variableListItemsError(check: {
  listVariables: ListVariables;
  operationName: string | undefined;
  variables: unknown;
  max: number;
}): GraphQLError | undefined {
  const { listVariables, operationName, variables, max } = check;
  if (typeof variables !== 'object' || variables === null || Array.isArray(variables)) return undefined;
  // Without a name, the document's only operation; an ambiguous request is refused later anyway.
  const types =
    operationName !== undefined
      ? listVariables.get(operationName)
      : listVariables.size === 1
        ? listVariables.values().next().value
        : undefined;
  if (!types || types.length === 0) return undefined;
  const items = countListItems(types, variables as Record<string, unknown>, max);
  if (items <= max) return undefined;
  return badUserInput(
    `The variables hold more than ${max} list items (MAX_VARIABLE_LIST_ITEMS); no operation of this API takes that many: send fewer ids or values per request.`,
  );
}

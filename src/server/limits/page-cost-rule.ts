import {
  GraphQLError,
  Kind,
  type ASTVisitor,
  type FieldNode,
  type FragmentDefinitionNode,
  type SelectionSetNode,
  type ValidationContext,
  type ValueNode,
} from 'graphql';

export interface PageCostOptions {
  /** Largest cost an operation may have; default 20,000. */
  maxCost?: number;
  /** Items assumed for a list whose size is a variable or not given; default 100 (the page maximum). */
  assumedPageSize?: number;
}

/**
 * Every selected field costs 1 for each time it will be resolved. A field taking `first`/`last`
 * (a connection) or `ids` multiplies the cost of what is selected under it by the number of items
 * it may return, so `imports(first: 100) { edges { node { messages(first: 100) { … } } } }` costs
 * what it will make the gateway do. Runs at validation, before any resolver or vendor call;
 * variables are not known then, so a variable page size counts as the maximum.
 */
export function pageCostRule(options: PageCostOptions = {}) {
  const maxCost = options.maxCost ?? 20_000;
  const assumed = options.assumedPageSize ?? 100;

  return (context: ValidationContext): ASTVisitor => {
    const fragments = new Map<string, FragmentDefinitionNode>();
    for (const definition of context.getDocument().definitions) {
      if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
    }

    const sizeOf = (value: ValueNode | undefined): number | undefined => {
      if (!value) return undefined;
      if (value.kind === Kind.INT) return Math.max(0, Number(value.value));
      if (value.kind === Kind.LIST) return value.values.length;
      return assumed;
    };

    const multiplierOf = (field: FieldNode): number => {
      const argument = (name: string) => field.arguments?.find((arg) => arg.name.value === name)?.value;
      const explicit = sizeOf(argument('first')) ?? sizeOf(argument('last')) ?? sizeOf(argument('ids'));
      if (explicit !== undefined) return Math.max(1, explicit);
      // A connection asked without a size still returns a page (20 by default, at most 100).
      return field.selectionSet && ['imports', 'messages', 'records'].includes(field.name.value)
        ? assumed
        : 1;
    };

    const costOf = (selectionSet: SelectionSetNode, visiting: Set<string>): number => {
      let total = 0;
      for (const selection of selectionSet.selections) {
        if (selection.kind === Kind.FIELD) {
          if (selection.name.value.startsWith('__')) continue;
          total += 1;
          if (selection.selectionSet)
            total += multiplierOf(selection) * costOf(selection.selectionSet, visiting);
        } else if (selection.kind === Kind.INLINE_FRAGMENT) {
          total += costOf(selection.selectionSet, visiting);
        } else {
          const name = selection.name.value;
          const fragment = fragments.get(name);
          if (!fragment || visiting.has(name)) continue; // cycles are reported by graphql's own rules
          total += costOf(fragment.selectionSet, new Set([...visiting, name]));
        }
        if (total > maxCost) return total;
      }
      return total;
    };

    return {
      OperationDefinition(operation) {
        const cost = costOf(operation.selectionSet, new Set());
        if (cost > maxCost) {
          context.reportError(
            new GraphQLError(
              `This operation would cost ${cost > maxCost * 10 ? `over ${maxCost * 10}` : cost}, above the limit of ${maxCost}: ` +
                'ask for smaller pages (first/last) or fewer nested connections.',
              { nodes: [operation] },
            ),
          );
        }
      },
    };
  };
}

import {
  Kind,
  type ASTVisitor,
  type FieldNode,
  type FragmentDefinitionNode,
  type SelectionSetNode,
  type ValidationContext,
  type ValueNode,
} from 'graphql';
import { graphqlValidationFailed } from '../../graphql/errors.ts';

export interface PageCostOptions {
  /** Largest cost an operation may have; default 20,000. */
  maxCost?: number;
  /** Items assumed for a list whose size is a variable or not given; default 100 (the page maximum). */
  assumedPageSize?: number;
}

/**
 * Every selection costs 1 for each time it will be resolved. A field taking `first`/`last`
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

    /**
     * What a fragment costs does not depend on where it is spread (a multiplier applies to the
     * field above the spread), so each fragment is priced once and that price reused at every
     * spread: a fragment spread twice at each of 20 levels costs 20 steps, not 2^20. `undefined`
     * while a fragment is being priced: a spread of it inside itself adds nothing (graphql's
     * NoFragmentCycles reports the cycle).
     */
    const fragmentCosts = new Map<string, number | undefined>();

    /** Set when a cost stopped adding early: it is then a lower bound (and so is a fragment's). */
    let partial = false;
    const partialFragments = new Set<string>();

    /** Stops adding once past the limit: an operation that far over is refused whatever the rest. */
    const costOf = (selectionSet: SelectionSetNode): number => {
      let total = 0;
      for (const [index, selection] of selectionSet.selections.entries()) {
        // Every selection costs at least 1, `__typename` included: validation and execution
        // visit it like any other, and a free selection would let a document grow without bound.
        total += 1;
        if (selection.kind === Kind.FIELD) {
          if (selection.selectionSet) total += multiplierOf(selection) * costOf(selection.selectionSet);
        } else if (selection.kind === Kind.INLINE_FRAGMENT) {
          total += costOf(selection.selectionSet);
        } else {
          total += fragmentCost(selection.name.value);
        }
        if (total > maxCost) {
          partial ||= index < selectionSet.selections.length - 1;
          return total;
        }
      }
      return total;
    };

    const fragmentCost = (name: string): number => {
      if (fragmentCosts.has(name)) {
        partial ||= partialFragments.has(name);
        return fragmentCosts.get(name) ?? 0;
      }
      const fragment = fragments.get(name);
      if (!fragment) return 0; // KnownFragmentNames reports it
      fragmentCosts.set(name, undefined);
      const outside = partial;
      partial = false;
      const cost = costOf(fragment.selectionSet);
      if (partial) partialFragments.add(name);
      partial ||= outside;
      fragmentCosts.set(name, cost);
      return cost;
    };

    return {
      OperationDefinition(operation) {
        partial = false;
        const cost = costOf(operation.selectionSet);
        if (cost > maxCost) {
          context.reportError(
            graphqlValidationFailed(
              `This operation would cost ${cost > maxCost * 10 ? `over ${maxCost * 10}` : partial ? `at least ${cost}` : cost}, above the limit of ${maxCost}: ` +
                'ask for smaller pages (first/last) or fewer nested connections.',
              { nodes: [operation] },
            ),
          );
        }
      },
    };
  };
}

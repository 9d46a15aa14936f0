import {
  getOperationAST,
  getVariableValues,
  GraphQLError,
  parse,
  specifiedRules,
  validate,
  type DocumentNode,
  type ExecutionArgs,
  type GraphQLSchema,
  type OperationTypeNode,
} from 'graphql';
import {
  badRequest,
  badUserInput,
  graphqlParseFailed,
  graphqlValidationFailed,
  operationResolutionFailure,
} from '../../graphql/errors.ts';
import { nestingError } from '../limits/document-nesting.ts';
import type { OperationRules } from '../limits/operation-rules.ts';
import { hideSuggestions } from '../limits/suggestions.ts';
import { DocumentCache } from './document-cache.ts';
import type { PersistedOperations } from './persisted-operations.ts';

/** The request of one operation, as graphql-ws and graphql-sse hand it over. */
export interface OperationRequest {
  query?: unknown;
  variables?: unknown;
  operationName?: unknown;
  extensions?: unknown;
  documentId?: unknown;
}

/** The limits and the persisted-operations allowlist HTTP requests meet, for the live transports. */
export interface OperationGuard {
  rules: OperationRules;
  persisted: PersistedOperations | undefined;
  /** The gateway's document cache (MAX_DOCUMENT_CACHE_BYTES), shared with Apollo. */
  documents?: DocumentCache;
}

/** An operation ready to run: its type and name (for the scope check and the metrics), and its arguments. */
export interface ReadyOperation {
  kind: OperationTypeNode;
  /** The name of the operation that runs, as Apollo reports it over HTTP. */
  name: string | undefined;
  args: Omit<ExecutionArgs, 'contextValue'>;
}

export type PreparedOperation = ReadyOperation | { errors: GraphQLError[] };

/** Caches for callers that bring none (a guard without one, or no guard), one per schema and guard. */
const cachedDocuments = new WeakMap<GraphQLSchema, Map<OperationGuard | undefined, DocumentCache>>();

/**
 * Parsed and validated documents by query text, as Apollo keeps them for HTTP: a live client
 * opening 100 subscriptions with one query, times 100 connections, shares one document instead of
 * parsing and validating it 10,000 times (and holding 10,000 copies, bench/NOTES.md). Only
 * documents that passed validation are kept; a document is never changed once parsed.
 */
function documentsFor(schema: GraphQLSchema, guard: OperationGuard | undefined): DocumentCache {
  if (guard?.documents) return guard.documents;
  let byGuard = cachedDocuments.get(schema);
  if (!byGuard) cachedDocuments.set(schema, (byGuard = new Map<OperationGuard | undefined, DocumentCache>()));
  let documents = byGuard.get(guard);
  if (!documents) byGuard.set(guard, (documents = new DocumentCache()));
  return documents;
}

/**
 * The first step of the operation pipeline on the live transports (over HTTP, Apollo does the
 * same with the same rules, OperationRules): parses, validates and checks the variables of an
 * operation before it runs, so every problem the client caused carries the code Apollo gives it over HTTP (GRAPHQL_PARSE_FAILED,
 * GRAPHQL_VALIDATION_FAILED, BAD_USER_INPUT) instead of reaching the client as an internal error.
 */
export function prepareOperation(
  schema: GraphQLSchema,
  request: OperationRequest,
  guard?: OperationGuard,
): PreparedOperation {
  const prepared = prepare(schema, request, guard);
  // Without introspection, refusals name nothing of the schema the request did not (limits/suggestions.ts).
  if ('errors' in prepared && guard && !guard.rules.introspection) prepared.errors.forEach(hideSuggestions);
  return prepared;
}

function prepare(
  schema: GraphQLSchema,
  request: OperationRequest,
  guard?: OperationGuard,
): PreparedOperation {
  const query = guard?.persisted ? guard.persisted.resolve(request) : request.query;
  if (query instanceof GraphQLError) return { errors: [query] };
  if (typeof query !== 'string' || query.trim() === '')
    return { errors: [badRequest('The request has no query.')] };
  const operationName = typeof request.operationName === 'string' ? request.operationName : undefined;
  const variables = request.variables ?? undefined;
  if (
    variables !== undefined &&
    variables !== null &&
    (typeof variables !== 'object' || Array.isArray(variables))
  )
    return { errors: [badRequest('`variables` must be an object.')] };
  const documents = documentsFor(schema, guard);
  const variablesRefusal = (parsed: DocumentNode) =>
    guard?.rules.checkVariables(guard.rules.listVariablesOf(parsed), operationName, variables);
  let document = documents.get(query);
  const cached = document !== undefined;
  if (!document) {
    const tooDeep = guard ? guard.rules.checkSource(query) : nestingError(query, Infinity);
    if (tooDeep) return { errors: [tooDeep] };
    try {
      document = parse(query, guard?.rules.parseOptions);
    } catch (error) {
      return { errors: [graphqlParseFailed((error as Error).message)] };
    }
    const refused = guard?.rules.checkDocument(document) ?? variablesRefusal(document);
    if (refused) return { errors: [refused] };
    const invalid = validate(schema, document, guard && [...specifiedRules, ...guard.rules.validationRules]);
    if (invalid.length > 0) return { errors: invalid.map((error) => graphqlValidationFailed(error.message)) };
    documents.set(query, document);
  }
  const operation = getOperationAST(document, operationName);
  if (!operation) return { errors: [operationResolutionFailure('Name the operation to run.')] };
  // A new document's variables were checked before it was validated, as over HTTP.
  const tooManyItems = cached ? variablesRefusal(document) : undefined;
  if (tooManyItems) return { errors: [tooManyItems] };
  const coerced = getVariableValues(
    schema,
    operation.variableDefinitions ?? [],
    (variables ?? {}) as Record<string, unknown>,
  );
  if (coerced.errors) return { errors: coerced.errors.map((error) => badUserInput(error.message)) };
  return {
    kind: operation.operation,
    name: operation.name?.value,
    args: { schema, document, operationName, variableValues: (variables ?? {}) as Record<string, unknown> },
  };
}

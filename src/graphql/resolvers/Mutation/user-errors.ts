import { InvalidGlobalIdError } from '../../../imports/global-id.ts';
import type { Import, ImportProvider } from '../../../imports/model.ts';
import type { ImportSource, ProviderCapability } from '../../../imports/import-source.ts';
import { ImportOperationError, problem, type InputProblem } from '../../../imports/import-operations.ts';
import { providerLabel } from '../../../imports/provider-labels.ts';
import { checkImportId, vendorIdProblem } from '../../../imports/vendor-ids.ts';
import type { GatewayContext } from '../../context.ts';
import { isRetryable } from '../../error-codes.ts';
import { asGraphQLError } from '../../errors.ts';
import type { UserError } from '../../resolvers.generated.ts';

/**
 * A problem as a `UserError`: its field path starts at the mutation's `input` argument; whether
 * to retry is the catalogue's word on its code (error-codes.ts), and when, the vendor's hint.
 */
export function userErrorsOf(problems: readonly InputProblem[]): UserError[] {
  return problems.map(({ field, message, code, retryAfterSeconds }) => {
    const retryable = isRetryable(code);
    return {
      field: field ? ['input', ...field] : null,
      message,
      code,
      errorCode: code,
      retryable,
      retryAfterSeconds: retryable ? (retryAfterSeconds ?? null) : null,
    };
  });
}

const OPERATION_WORDS: Record<ProviderCapability, string> = {
  LIST: 'listing imports',
  CREATE: 'creating imports',
  INTERRUPT: 'interrupting imports',
  DELETE: 'deleting imports',
  TRACK: 'registering imports created elsewhere (it lists every import itself)',
  MESSAGES: 'messages of imports',
  RECORDS: 'records of imports',
};

export type SourceFor = { source: ImportSource } | { problem: InputProblem };

/**
 * The enabled source of `provider` when it declares `capability`; otherwise the problem to answer:
 * a provider without credentials (BAD_USER_INPUT) or without the operation (UNSUPPORTED_OPERATION,
 * naming what it does offer).
 */
export function sourceFor(
  context: GatewayContext,
  wanted: { provider: ImportProvider; capability: ProviderCapability; field: string[] },
): SourceFor {
  const { provider, capability, field } = wanted;
  const source = context.providers.get(provider);
  const label = providerLabel(provider);
  if (!source) {
    return {
      problem: problem(
        'BAD_USER_INPUT',
        `${label} is not enabled on this gateway (no credentials are configured).`,
        field,
      ),
    };
  }
  if (!source.capabilities.has(capability)) {
    return {
      problem: problem(
        'UNSUPPORTED_OPERATION',
        `${label}'s API offers no ${OPERATION_WORDS[capability]} through the gateway; it supports ${[...source.capabilities].join(', ')}.`,
        field,
      ),
    };
  }
  return { source };
}

export type TargetImport = { source: ImportSource; item: Import } | { problem: InputProblem };

/**
 * The import an `{ id }` input names, read afresh from its vendor, when its provider supports the
 * operation: a malformed or foreign id (a vendor id off its provider's format included) is
 * BAD_USER_INPUT, an import that does not exist NOT_FOUND. The id and the capability are checked
 * before any vendor request.
 */
export async function targetImport(
  context: GatewayContext,
  id: string,
  capability: ProviderCapability,
): Promise<TargetImport> {
  const field = ['id'];
  let provider: ImportProvider;
  try {
    provider = checkImportId(id, context.providers).provider;
  } catch (error) {
    if (error instanceof InvalidGlobalIdError)
      return { problem: problem('BAD_USER_INPUT', error.message, field) };
    throw error;
  }
  const found = sourceFor(context, { provider, capability, field });
  if ('problem' in found) return found;
  let item: Import | null;
  try {
    item = await context.importLoader.load(id);
  } catch (error) {
    throw asGraphQLError(error);
  }
  if (!item) {
    return {
      problem: problem(
        'NOT_FOUND',
        `No ${providerLabel(provider)} import has this id (it may have been deleted).`,
        field,
      ),
    };
  }
  return { source: found.source, item };
}

/**
 * A vendor id typed in by the caller (trackImport), trimmed of pasted blanks, when the source's
 * format accepts it; otherwise the problem, before any vendor request.
 */
export function checkedProviderId(
  source: ImportSource,
  providerId: string,
  field: string[],
): { providerId: string } | { problem: InputProblem } {
  const trimmed = providerId.trim();
  const why = vendorIdProblem(source.ids, trimmed);
  return why ? { problem: problem('BAD_USER_INPUT', why, field) } : { providerId: trimmed };
}

/**
 * Runs an operation for the caller: problems the caller can act on become userErrors, anything
 * else an error. Whatever the outcome the vendor may have changed, so the caller's cached pages
 * are dropped (imports/page-cache.ts): its next page shows what it did.
 */
export async function attempt<T>(
  context: GatewayContext,
  run: () => Promise<T>,
): Promise<{ value: T } | { problem: InputProblem }> {
  try {
    return { value: await run() };
  } catch (error) {
    if (error instanceof ImportOperationError) return { problem: error.problem };
    throw asGraphQLError(error);
  } finally {
    context.pageCache?.forget(context.principal.id);
  }
}

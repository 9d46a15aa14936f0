import { InvalidGlobalIdError } from '../../imports/global-id.ts';
import type { Import } from '../../imports/model.ts';
import { providerLabel } from '../../imports/provider-labels.ts';
import { checkImportId } from '../../imports/vendor-ids.ts';
import type { GatewayContext } from '../context.ts';
import { asGraphQLError, badUserInput, notFound } from '../errors.ts';

/**
 * `node`, `nodes` and `import` share this: a malformed id (a vendor id off its provider's format
 * included) is BAD_USER_INPUT, an absent import NOT_FOUND.
 */
export async function loadImportByGlobalId(id: string, context: GatewayContext): Promise<Import> {
  let provider;
  try {
    provider = checkImportId(id, context.providers).provider;
  } catch (error) {
    if (error instanceof InvalidGlobalIdError) throw badUserInput(error.message);
    throw error;
  }
  if (!context.providers.get(provider)) {
    throw notFound(`No import with this id: ${providerLabel(provider)} is not enabled on this gateway.`);
  }
  let found: Import | null;
  try {
    found = await context.importLoader.load(id);
  } catch (error) {
    throw asGraphQLError(error);
  }
  if (!found) throw notFound(`No ${providerLabel(provider)} import has this id (it may have been deleted).`);
  return found;
}

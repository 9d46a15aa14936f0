import type { Import } from '../../imports/model.ts';
import type { ProviderCapability } from '../../imports/import-source.ts';
import { requiredScope } from '../../principal.ts';
import type { GatewayContext } from '../context.ts';
import type { ImportResolvers } from '../resolvers.generated.ts';

/**
 * What `interruptImport` and `deleteImport` check before they call the vendor, asked of one
 * import: the operation's scope (`requiredScope`, the one the server's scope check refuses a
 * mutation without), the provider's capability (targetImport, Mutation/user-errors.ts) and, for an
 * interruption, the state the adaptor refuses (a `terminal` import:
 * providers/commercelayer/operations.ts). A true answer means the mutation would be sent, not that
 * the vendor will accept it.
 */
function mayRun(context: GatewayContext, item: Import, capability: ProviderCapability): boolean {
  return (
    context.principal.scopes.has(requiredScope('mutation')) &&
    context.providers.get(item.provider)?.capabilities.has(capability) === true
  );
}

export const viewerCanInterrupt: NonNullable<ImportResolvers['viewerCanInterrupt']> = (
  item,
  _args,
  context,
) => !item.terminal && mayRun(context, item, 'INTERRUPT');

export const viewerCanDelete: NonNullable<ImportResolvers['viewerCanDelete']> = (item, _args, context) =>
  mayRun(context, item, 'DELETE');

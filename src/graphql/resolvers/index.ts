import { DateTime, JSONScalar } from '../scalars.ts';
import type { Resolvers } from '../resolvers.generated.ts';
import { Import } from './Import.ts';
import { ImportConnection } from './ImportConnection.ts';
import { ImportSourceStatus } from './ImportSourceStatus.ts';
import { Node } from './Node.ts';
import { importResolver } from './Query/import.ts';
import { imports } from './Query/imports.ts';
import { node } from './Query/node.ts';
import { nodes } from './Query/nodes.ts';
import { providers } from './Query/providers.ts';
import { createImport } from './Mutation/createImport.ts';
import { deleteImport } from './Mutation/deleteImport.ts';
import { interruptImport } from './Mutation/interruptImport.ts';
import { trackImport } from './Mutation/trackImport.ts';
import { importsChanged } from './Subscription/importsChanged.ts';
import { importUpdated } from './Subscription/importUpdated.ts';

export const resolvers: Resolvers = {
  DateTime,
  JSON: JSONScalar,
  Query: { node, nodes, import: importResolver, imports, providers },
  Mutation: { createImport, interruptImport, deleteImport, trackImport },
  Subscription: { importUpdated, importsChanged },
  Node,
  Import,
  ImportConnection,
  ImportSourceStatus,
};

import { DateTime, JSONScalar } from '../scalars.ts';
import type { Resolvers } from '../resolvers.generated.ts';
import { Import } from './Import.ts';
import { ImportConnection } from './ImportConnection.ts';
import { Node } from './Node.ts';
import { importResolver } from './Query/import.ts';
import { imports } from './Query/imports.ts';
import { node } from './Query/node.ts';
import { nodes } from './Query/nodes.ts';
import { providers } from './Query/providers.ts';

export const resolvers: Resolvers = {
  DateTime,
  JSON: JSONScalar,
  Query: { node, nodes, import: importResolver, imports, providers },
  Node,
  Import,
  ImportConnection,
};

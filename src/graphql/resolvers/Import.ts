import { encodeImportId } from '../../imports/global-id.ts';
import type { ImportResolvers } from '../resolvers.generated.ts';
import { messages, records } from './import-detail.ts';

/** Every other field is read straight off the domain model. */
export const Import: ImportResolvers = {
  id: (item) => encodeImportId(item),
  messages,
  records,
};

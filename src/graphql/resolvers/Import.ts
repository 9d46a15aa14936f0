import { encodeImportId } from '../../imports/global-id.ts';
import { formatKindOf } from '../../imports/import-format.ts';
import type { ImportResolvers } from '../resolvers.generated.ts';
import { messages, records } from './import-detail.ts';
import { viewerCanDelete, viewerCanInterrupt } from './viewer-permissions.ts';

/** Every other field is read straight off the domain model. */
export const Import: ImportResolvers = {
  id: (item) => encodeImportId(item),
  // Live events revive only the instants every import has, so this one may arrive as its ISO string.
  expiredAt: (item) => (item.expiredAt ? new Date(item.expiredAt) : null),
  // Optional in the model, set by vendors with a way back only; absent elsewhere.
  changeableUntil: (item) => (item.changeableUntil ? new Date(item.changeableUntil) : null),
  // Derived from the vendor's text, so imports stored before the field existed have it too.
  formatKind: (item) => formatKindOf(item.format),
  // Optional in the model: set only where the gateway knows the import is a preview.
  preview: (item) => item.preview === true,
  // Optional in the model: imports stored before it existed, and imports that did not fail, lack it.
  failure: (item) => item.failure ?? null,
  // Optional in the model: only vendors with references and splits (Commerce Layer) set them.
  reference: (item) => item.reference ?? null,
  group: (item) => item.group ?? null,
  viewerCanInterrupt,
  viewerCanDelete,
  messages,
  records,
};

import { IMPORT_PROVIDERS, type Import, type ImportProvider } from './model.ts';

/** What a global id of an import names. */
export interface ImportGlobalRef {
  provider: ImportProvider;
  providerId: string;
  /**
   * Creation instant in ms. Fleetio cannot fetch one import by id, but can list by creation time,
   * so the id carries it and a lookup costs one narrow query instead of a walk of the list.
   */
  createdAt: number;
}

export class InvalidGlobalIdError extends Error {}

const TYPE_TAG = 'Import';

/** Opaque to clients; base64url of `Import:<provider rank>:<created ms>:<vendor id>`. */
export function encodeImportId(item: Pick<Import, 'provider' | 'providerId' | 'createdAt'>): string {
  const rank = IMPORT_PROVIDERS.indexOf(item.provider);
  return Buffer.from(`${TYPE_TAG}:${rank}:${item.createdAt.getTime()}:${item.providerId}`).toString(
    'base64url',
  );
}

export function decodeImportId(id: string): ImportGlobalRef {
  const text = /^[A-Za-z0-9_-]+$/.test(id) ? Buffer.from(id, 'base64url').toString('utf8') : '';
  const match = /^([A-Za-z]+):(\d):(\d{1,16}):(.+)$/s.exec(text);
  if (!match) {
    throw new InvalidGlobalIdError(
      `"${id.slice(0, 80)}" is not an id this API issued: use the \`id\` of an object as returned.`,
    );
  }
  const [, tag, rank, createdAt, providerId] = match as unknown as [string, string, string, string, string];
  if (tag !== TYPE_TAG) throw new InvalidGlobalIdError(`This id names a ${tag}, not an Import.`);
  const provider = IMPORT_PROVIDERS[Number(rank)];
  if (!provider) throw new InvalidGlobalIdError(`This id names an unknown provider.`);
  return { provider, providerId, createdAt: Number(createdAt) };
}

import { decodeImportId, InvalidGlobalIdError, type ImportGlobalRef } from './global-id.ts';
import type { ImportProvider } from './model.ts';
import { providerLabel } from './provider-labels.ts';

/**
 * What one vendor's import ids look like (specs/VENDOR-REFERENCE.md §6). Each adaptor declares its
 * own (`ImportSource.ids`), and every id a caller hands in (the vendor part of a global id, which
 * a forger can fill with any text, or `trackImport`'s providerId) is checked against it before
 * any vendor request carries it: an id that cannot exist costs no vendor call, and none can move a
 * request's path (`..`) or split a list filter (`,`).
 */
export interface VendorIdFormat {
  readonly provider: ImportProvider;
  /** The vendor's word for the id, after the provider's name: "import id", "import job id". */
  readonly noun: string;
  /** What an id looks like, for a person fixing theirs: "1 to 15 digits, e.g. 31007". */
  readonly looksLike: string;
  accepts(id: string): boolean;
}

export function vendorIdFormat(
  format: Omit<VendorIdFormat, 'accepts'> & { pattern: RegExp },
): VendorIdFormat {
  const { provider, noun, looksLike, pattern } = format;
  return { provider, noun, looksLike, accepts: (id) => pattern.test(id) };
}

/** An id as a message shows it: quoted (control characters escaped) and cut short. */
function shown(id: string): string {
  return JSON.stringify(id.length > 40 ? `${id.slice(0, 40)}…` : id);
}

/**
 * Why `id` cannot be one of the vendor's ids, in words; undefined when it can be. `inGlobalId`: the
 * caller passed a global id, whose vendor part they never typed themselves.
 */
export function vendorIdProblem(format: VendorIdFormat, id: string, inGlobalId = false): string | undefined {
  if (format.accepts(id)) return undefined;
  const label = providerLabel(format.provider);
  const shape = `${label} ${format.noun}s are ${format.looksLike}.`;
  return inGlobalId
    ? `This id was not issued by this API: it names ${label} ${format.noun} ${shown(id)}, and ${shape}`
    : `${shown(id)} is not a ${label} ${format.noun}: ${shape}`;
}

/**
 * The enabled providers' id formats: what checkImportId needs of the ProviderSet (provider-info.ts),
 * which it cannot import, since the vendor port it holds declares its ids with this file's type.
 */
export interface IdFormats {
  get(provider: ImportProvider): { readonly ids: VendorIdFormat } | undefined;
}

/**
 * A global id decoded, its vendor id checked by the provider's format. An id this API did not
 * issue, including one whose vendor part the provider's ids never look like, is an
 * InvalidGlobalIdError, so every resolver that takes a global id refuses it before any vendor call.
 * A provider that is not enabled has nothing to call and nothing to check its ids by.
 */
export function checkImportId(id: string, providers: IdFormats): ImportGlobalRef {
  const reference = decodeImportId(id);
  const format = providers.get(reference.provider)?.ids;
  const problem = format && vendorIdProblem(format, reference.providerId, true);
  if (problem) throw new InvalidGlobalIdError(problem);
  return reference;
}

import { problem, type CreateImportRequest, type InputProblem } from '../imports/import-operations.ts';

/** Create-input fields of other vendors, each with the name of the vendor(s) that read it. */
export type ForeignFields = ReadonlyMap<string, string>;

export const NO_FOREIGN_FIELDS: ForeignFields = new Map();

/** What `vendor` does not read but another vendor of `vendors` does. */
export function foreignFieldsOf(
  vendor: { provider: string },
  vendors: readonly { provider: string; label: string; createFields?: readonly string[] }[],
): ForeignFields {
  const owners = new Map<string, string[]>();
  const own = new Set(vendors.find((other) => other.provider === vendor.provider)?.createFields);
  for (const other of vendors) {
    if (other.provider === vendor.provider) continue;
    for (const field of other.createFields ?? []) {
      if (!own.has(field)) owners.set(field, [...(owners.get(field) ?? []), other.label]);
    }
  }
  return new Map([...owners].map(([field, labels]) => [field, labels.join(' and ')]));
}

/** Naming another vendor's field is a mistake worth saying, rather than a field silently dropped. */
export function foreignFieldProblems(request: CreateImportRequest, foreign: ForeignFields): InputProblem[] {
  const fields = request as Record<string, unknown>;
  return [...foreign]
    .filter(([field]) => fields[field] !== undefined)
    .map(([field, owners]) =>
      problem('BAD_USER_INPUT', `${field} applies to ${owners} imports only.`, [field]),
    );
}

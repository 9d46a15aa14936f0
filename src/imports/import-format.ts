/**
 * The format of an import's input in the gateway's words, read from the vendor's own text in
 * `Import.format` (Commerce Layer `json`/`csv`, SailPoint always JSON, Fleetio the file's
 * extension). Anything else (Fleetio's `xlsx`, an unknown value) is null: the raw text stays in
 * `format`, and a frontend that switches on this enum never meets a value it cannot name.
 */
export const IMPORT_FORMATS = ['JSON', 'CSV'] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];

export function formatKindOf(format: string | null | undefined): ImportFormat | null {
  const normalized = format?.trim().toUpperCase();
  return (IMPORT_FORMATS as readonly string[]).includes(normalized ?? '')
    ? (normalized as ImportFormat)
    : null;
}

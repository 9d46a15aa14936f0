import type { SeededRandom } from '../core/random.ts';
import { IMPORT_TYPES, type ImportType } from './import-types.ts';
import type { ImportOutcome } from './model.ts';

/**
 * Row results are numbered `import id × 1000 + row`, so an import has at most 999 rows; Fleetio's
 * help centre advises at most 500 rows per file [D], which seeded files respect.
 */
export const MAX_ROWS = 999;

/** What a person uploading a file decides: everything about an import but its lifecycle. */
export interface ImportDraft {
  type: ImportType;
  fileName: string;
  fileSize: number;
  rowCount: number;
  note: string | null;
  uploadedBy: string;
}

const UPLOADERS = [
  'fleet.manager@acme-logistics.example',
  'dispatch@acme-logistics.example',
  'j.alvarez@acme-logistics.example',
  'maintenance@acme-logistics.example',
  'k.osei@acme-logistics.example',
];
const NOTES = [
  'Monthly fuel card upload',
  'Q4 fleet additions',
  'Re-import after fixing VINs',
  'Data from the old FMS',
  'Weekly odometer sync',
  'Imported by request of the regional manager',
];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

export function pickImportType(random: SeededRandom): ImportType {
  return random.weighted(IMPORT_TYPES.map((type) => [type, type.weight] as const));
}

/**
 * A plausible upload of `type` made at `createdAt`. Files Fleetio cannot read at all get an
 * extension it does not import, which is what `unsupported` suggests [I].
 */
export function draftImport(
  random: SeededRandom,
  createdAt: number,
  outcome: ImportOutcome,
  type: ImportType = pickImportType(random),
): ImportDraft {
  // Most files are small: squaring the draw skews row counts towards a few dozen.
  const rowCount = 3 + Math.floor(477 * random.next() ** 2);
  const day = new Date(createdAt);
  const stem = random.pick(type.fileStems);
  const extension =
    outcome === 'unsupported' ? random.pick(['pdf', 'numbers', 'txt']) : random.pick(['csv', 'csv', 'xlsx']);
  const fileName = random.pick([
    `${stem}_${day.toISOString().slice(0, 10)}.${extension}`,
    `${stem} - ${MONTHS[day.getUTCMonth()]} ${day.getUTCFullYear()}.${extension}`,
    `${stem}.${extension}`,
  ]);
  const [low, high] = type.bytesPerRow;
  const csvBytes = random.int(60, 220) + rowCount * random.int(low, high);
  // A spreadsheet zips its XML, so it is bigger than the CSV for small sheets, similar for large ones.
  const fileSize = extension === 'xlsx' ? 4_800 + Math.round(csvBytes * 0.6) : csvBytes;
  return {
    type,
    fileName,
    fileSize,
    rowCount,
    note: random.chance(0.25) ? random.pick(NOTES) : null,
    uploadedBy: random.pick(UPLOADERS),
  };
}

/** Rows of a file given only its size (imports added through the control API). */
export function rowCountForFileSize(fileSize: number): number {
  return Math.min(MAX_ROWS, Math.max(1, Math.round((fileSize - 120) / 130)));
}

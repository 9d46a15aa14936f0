import * as build from './record-builders.ts';
import type { RecordBuilder } from './record-builders.ts';

/**
 * The kinds of import an account runs. `VehicleImport` is the vendor's own example (records page
 * [D]); the other class names follow its pattern for the objects Fleetio's import screens accept [I].
 */
export interface ImportType {
  /** The import's `type`, e.g. `VehicleImport`. */
  name: string;
  /** The row results' `imported_type`: the Fleetio object each row becomes. */
  importedType: string;
  /** How often this kind appears among seeded and arriving imports. */
  weight: number;
  /** File names people give these spreadsheets, without extension. */
  fileStems: readonly string[];
  /** Bytes per CSV row, to give files plausible sizes. */
  bytesPerRow: readonly [number, number];
  /** Validation messages a rejected row gets. */
  rowErrors: readonly string[];
  buildRecord: RecordBuilder;
}

const COMMON_ROW_ERRORS = ['Row is blank', 'Date is invalid', 'Group could not be found'];

export const IMPORT_TYPES: readonly ImportType[] = [
  {
    name: 'VehicleImport',
    importedType: 'Vehicle',
    weight: 20,
    fileStems: ['vehicles', 'fleet_list', 'Fleet Roster', 'new_units', 'vehicle-export'],
    bytesPerRow: [140, 260],
    rowErrors: [
      'Vin has already been taken',
      "Name can't be blank",
      'Vehicle type could not be found',
      'Year is not a number',
    ],
    buildRecord: build.vehicleRecord,
  },
  {
    name: 'FuelEntryImport',
    importedType: 'FuelEntry',
    weight: 18,
    fileStems: ['fuel_transactions', 'wex_fuel', 'fuelman_export', 'Fuel Card Upload'],
    bytesPerRow: [90, 160],
    rowErrors: [
      'Vehicle could not be found',
      'Meter value is lower than the previous entry',
      'Us gallons must be greater than 0',
    ],
    buildRecord: build.fuelEntryRecord,
  },
  {
    name: 'MeterEntryImport',
    importedType: 'MeterEntry',
    weight: 14,
    fileStems: ['meter_readings', 'odometer_update', 'hours_log'],
    bytesPerRow: [40, 80],
    rowErrors: [
      'Vehicle could not be found',
      'Value is lower than the previous entry',
      'Value is not a number',
    ],
    buildRecord: build.meterEntryRecord,
  },
  {
    name: 'ServiceEntryImport',
    importedType: 'ServiceEntry',
    weight: 12,
    fileStems: ['service_history', 'shop_invoices', 'maintenance_log'],
    bytesPerRow: [120, 240],
    rowErrors: [
      'Vehicle could not be found',
      'Service task could not be found',
      "Completed at can't be blank",
    ],
    buildRecord: build.serviceEntryRecord,
  },
  {
    name: 'ContactImport',
    importedType: 'Contact',
    weight: 10,
    fileStems: ['drivers', 'contacts', 'employee_roster', 'Technicians'],
    bytesPerRow: [100, 180],
    rowErrors: ['Email has already been taken', 'Email is invalid', "First name can't be blank"],
    buildRecord: build.contactRecord,
  },
  {
    name: 'PartImport',
    importedType: 'Part',
    weight: 8,
    fileStems: ['parts_inventory', 'parts_catalog', 'Parts Price List'],
    bytesPerRow: [80, 150],
    rowErrors: [
      'Number has already been taken',
      'Unit cost is not a number',
      'Part category could not be found',
    ],
    buildRecord: build.partRecord,
  },
  {
    name: 'ExpenseEntryImport',
    importedType: 'ExpenseEntry',
    weight: 7,
    fileStems: ['tolls', 'expenses', 'ezpass_statement', 'parking_tickets'],
    bytesPerRow: [70, 130],
    rowErrors: [
      'Vehicle could not be found',
      'Expense entry type could not be found',
      'Total amount is not a number',
    ],
    buildRecord: build.expenseEntryRecord,
  },
  {
    name: 'IssueImport',
    importedType: 'Issue',
    weight: 6,
    fileStems: ['issues', 'dvir_defects', 'open_issues'],
    bytesPerRow: [90, 200],
    rowErrors: [
      "Summary can't be blank",
      'Vehicle could not be found',
      'Priority is not included in the list',
    ],
    buildRecord: build.issueRecord,
  },
  {
    name: 'VendorImport',
    importedType: 'Vendor',
    weight: 5,
    fileStems: ['vendors', 'approved_shops', 'vendor_list'],
    bytesPerRow: [90, 170],
    rowErrors: ['Name has already been taken', "Name can't be blank", 'Phone is invalid'],
    buildRecord: build.vendorRecord,
  },
];

const BY_NAME = new Map(IMPORT_TYPES.map((type) => [type.name, type]));

export function importTypeNamed(name: string): ImportType | undefined {
  return BY_NAME.get(name);
}

export function rowErrorsOf(type: ImportType): readonly string[] {
  return [...type.rowErrors, ...COMMON_ROW_ERRORS];
}

import type { SeededRandom } from '../core/random.ts';

/** Timestamps a record builder writes, already formatted in the account's zone. */
export interface RecordStamps {
  created_at: string;
  updated_at: string;
}

/**
 * Builds one Fleetio object an import created or updated. Field names follow Fleetio's REST objects
 * of the same name; the set of fields is a plausible subset, since the records page does not show
 * the 200 body (specs/VENDOR-REFERENCE.md §1) [I].
 */
export type RecordBuilder = (
  id: number,
  random: SeededRandom,
  stamps: RecordStamps,
) => Record<string, unknown>;

const MAKES: readonly (readonly [string, string])[] = [
  ['Ford', 'F-150'],
  ['Ford', 'Transit-250'],
  ['Chevrolet', 'Silverado 2500HD'],
  ['Ram', 'ProMaster 2500'],
  ['Freightliner', 'Cascadia'],
  ['Isuzu', 'NPR-HD'],
  ['Toyota', 'Tacoma'],
  ['Mercedes-Benz', 'Sprinter 2500'],
];
const VEHICLE_TYPES = ['Pickup', 'Van', 'Semi Truck', 'Box Truck', 'Car'];
const GROUPS = ['North Region', 'South Region', 'Atlanta Depot', 'Denver Yard', 'Field Service'];
const FIRST_NAMES = ['Maria', 'James', 'Aisha', 'Tom', 'Priya', 'Luis', 'Hannah', 'Marcus', 'Chen', 'Olivia'];
const LAST_NAMES = ['Garcia', 'Nguyen', 'Johnson', 'Okafor', 'Patel', 'Schmidt', 'Brooks', 'Kim', 'Rossi'];
const FUEL_VENDORS = ['Pilot Flying J', "Love's Travel Stop", 'Shell', 'Chevron', 'QuikTrip', 'Costco Gas'];
const SHOPS = ['Midtown Auto Care', 'Discount Tire', 'Fleet Pro Diesel', 'Jiffy Lube', 'Valley Truck Repair'];
const VIN_CHARACTERS = 'ABCDEFGHJKLMNPRSTUVWXYZ0123456789';

const vehicleName = (random: SeededRandom) =>
  `${random.pick(['Truck', 'Van', 'Unit'])} ${random.int(100, 899)}`;
const vehicleRef = (random: SeededRandom) => ({
  vehicle_id: random.int(400_000, 999_999),
  vehicle_name: vehicleName(random),
});
const money = (random: SeededRandom, min: number, max: number) =>
  Math.round((min + random.next() * (max - min)) * 100) / 100;
const dateOf = (stamp: string) => stamp.slice(0, 10);
const personName = (random: SeededRandom) => [random.pick(FIRST_NAMES), random.pick(LAST_NAMES)] as const;

function vin(random: SeededRandom): string {
  let out = '';
  for (let index = 0; index < 17; index++) out += VIN_CHARACTERS[random.int(0, VIN_CHARACTERS.length - 1)];
  return out;
}

export const vehicleRecord: RecordBuilder = (id, random, stamps) => {
  const [make, model] = random.pick(MAKES);
  return {
    id,
    name: vehicleName(random),
    vin: vin(random),
    year: random.int(2012, 2026),
    make,
    model,
    license_plate: `${random.pick(['KTX', 'GHR', 'PLM', 'BZV'])}-${random.int(1000, 9999)}`,
    vehicle_type_name: random.pick(VEHICLE_TYPES),
    vehicle_status_name: random.pick(['Active', 'Active', 'Active', 'In Shop', 'Out of Service']),
    group_name: random.pick(GROUPS),
    ownership: random.pick(['owned', 'leased']),
    ...stamps,
  };
};

export const contactRecord: RecordBuilder = (id, random, stamps) => {
  const [first, last] = personName(random);
  return {
    id,
    first_name: first,
    last_name: last,
    name: `${first} ${last}`,
    email: `${first}.${last}${random.int(1, 99)}@example.com`.toLowerCase(),
    employee_number: `E${random.int(10_000, 99_999)}`,
    employee: true,
    vehicle_operator: random.chance(0.7),
    technician: random.chance(0.2),
    group_name: random.pick(GROUPS),
    ...stamps,
  };
};

export const fuelEntryRecord: RecordBuilder = (id, random, stamps) => {
  const gallons = money(random, 8, 140);
  const price = money(random, 2.9, 4.6);
  return {
    id,
    ...vehicleRef(random),
    date: dateOf(stamps.created_at),
    us_gallons: gallons,
    price_per_volume_unit: price,
    total_amount: Math.round(gallons * price * 100) / 100,
    fuel_type_name: random.pick(['Diesel', 'Unleaded', 'Premium']),
    vendor_name: random.pick(FUEL_VENDORS),
    meter_value: random.int(5_000, 380_000),
    partial: random.chance(0.1),
    reference: `TX${random.int(100_000, 999_999)}`,
    ...stamps,
  };
};

export const serviceEntryRecord: RecordBuilder = (id, random, stamps) => ({
  id,
  ...vehicleRef(random),
  completed_at: stamps.created_at,
  meter_value: random.int(5_000, 380_000),
  vendor_name: random.pick(SHOPS),
  total_amount: money(random, 45, 2_400),
  reference: `RO-${random.int(10_000, 99_999)}`,
  ...stamps,
});

export const meterEntryRecord: RecordBuilder = (id, random, stamps) => ({
  id,
  ...vehicleRef(random),
  date: dateOf(stamps.created_at),
  value: random.int(5_000, 380_000),
  meter_type: random.pick(['primary', 'primary', 'secondary']),
  void: false,
  ...stamps,
});

export const partRecord: RecordBuilder = (id, random, stamps) => ({
  id,
  number: `${random.pick(['FLT', 'BRK', 'OIL', 'WPR', 'BLT'])}-${random.int(1000, 9999)}`,
  description: random.pick([
    'Oil filter',
    'Brake pad set',
    'Wiper blade 22"',
    'Serpentine belt',
    'Air filter',
  ]),
  manufacturer_name: random.pick(['Fram', 'Bosch', 'Wix', 'ACDelco', 'Motorcraft']),
  part_category_name: random.pick(['Filters', 'Brakes', 'Electrical', 'Engine']),
  measurement_unit_name: 'Each',
  unit_cost: money(random, 4, 180),
  ...stamps,
});

export const issueRecord: RecordBuilder = (id, random, stamps) => ({
  id,
  number: String(random.int(1_000, 9_999)),
  name: random.pick(['Check engine light on', 'Cracked windshield', 'Brakes squeaking', 'Tire pressure low']),
  ...vehicleRef(random),
  state: random.pick(['open', 'open', 'resolved']),
  priority: random.pick(['low', 'medium', 'high', 'critical']),
  reported_at: stamps.created_at,
  ...stamps,
});

export const vendorRecord: RecordBuilder = (id, random, stamps) => ({
  id,
  name: random.pick([...SHOPS, ...FUEL_VENDORS]),
  phone: `(${random.int(201, 989)}) 555-${random.int(1000, 9999)}`,
  city: random.pick(['Birmingham', 'Denver', 'Atlanta', 'Austin', 'Columbus']),
  region: random.pick(['AL', 'CO', 'GA', 'TX', 'OH']),
  fuel: random.chance(0.4),
  service: random.chance(0.6),
  parts: random.chance(0.3),
  ...stamps,
});

export const expenseEntryRecord: RecordBuilder = (id, random, stamps) => ({
  id,
  ...vehicleRef(random),
  date: dateOf(stamps.created_at),
  expense_entry_type_name: random.pick(['Tolls', 'Parking', 'Registration', 'Insurance', 'Car Wash']),
  total_amount: money(random, 3, 1_800),
  vendor_name: random.pick(['E-ZPass', 'SunPass', 'ParkMobile', 'State DMV', 'Progressive']),
  ...stamps,
});

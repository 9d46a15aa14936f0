/**
 * What one vendor's documents allow its bodies to vary in, for the generic transformer. Places in
 * a body are written as paths: keys joined by `.`, `[]` for an array item, `''` for the root
 * (`data[].attributes.started_at`). A key of an object that is a map of data (SailPoint's
 * `results`, by object type) appears in paths like any other key, so patterns match it with `[^.]+`.
 */
export interface WireProfile {
  /** Objects to which the vendor may add members the gateway does not know yet. */
  readonly openObjects: RegExp;
  /** Members the vendor's schema marks optional, whose absence means null: a null one may be left out. */
  readonly omittableNulls: RegExp;
  /** ISO-8601 date-time strings, to be written at another offset or precision (same instant). */
  readonly timestamps: RegExp;
  readonly timestampStyle: TimestampStyle;
  /**
   * Objects whose member order the gateway is known to rely on, kept as written: each a reasoned
   * assumption about the vendor, named where the profile sets it. Every other object is shuffled.
   */
  readonly keptMemberOrder: RegExp;
  /** Arrays whose order the vendor does not promise. */
  readonly unorderedArrays: RegExp;
  readonly semantic: SemanticProfile;
}

export interface TimestampStyle {
  /** Whether the vendor's format carries offsets other than `Z` (RFC 3339 date-time does). */
  readonly offsets: boolean;
  /** Fraction digits the vendor's format allows; 0 is only used where it keeps the instant. */
  readonly fractionDigits: readonly number[];
}

/** The changes of meaning the vendor's documents allow, applied per import so every read agrees. */
export interface SemanticProfile {
  /** The status-bearing fields of each import in a body (wire answers and `/__sim/imports` alike). */
  imports(body: unknown): { id: string; fields: Record<string, unknown> }[];
  readonly statusField: string;
  /** Statuses the vendor could add, written in its own style. */
  readonly unknownStatuses: readonly string[];
  /** Counts the vendor's schema allows to be null. */
  readonly nullableCounts: readonly string[];
  /** Optional lists the vendor may send empty. */
  readonly emptiableLists: RegExp;
}

/** A pattern that matches no path, for a vendor without such places. */
export const NOWHERE = /(?!)/;

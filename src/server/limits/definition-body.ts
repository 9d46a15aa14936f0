import type { SelectionSetNode } from 'graphql';

/** What one definition selects before its spreads are expanded. */
export interface Body {
  /** Its selections, each spread counted as one. */
  own: number;
  /** The fragments it spreads, once per spread. */
  spreads: string[];
  /** Its selection set (several when a fragment name is defined more than once). */
  sets: SelectionSetNode[];
}

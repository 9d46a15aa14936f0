import { InvalidGlobalIdError, type ImportGlobalRef } from '../../imports/global-id.ts';
import { MAX_LOOKUP_IDS } from '../../imports/id-lookup.ts';
import type { ImportConditions, ImportReference } from '../../imports/import-source.ts';
import { IMPORT_PROVIDERS, IMPORT_STATUSES, type ImportProvider } from '../../imports/model.ts';
import { checkImportId, type IdFormats } from '../../imports/vendor-ids.ts';
import { badUserInput } from '../errors.ts';
import type { ImportFilter } from '../resolvers.generated.ts';

/**
 * The longest lists an `ImportFilter` takes (docs/SECURITY.md, List arguments). Each item is work
 * for every provider page it filters, and a provider or status named twice selects nothing more,
 * so the enums are capped at their size; 50 resource types is more than any vendor has; ids are
 * looked up as `nodes` looks them up (in batches where the vendor allows, Commerce Layer 25 a
 * request: src/imports/id-lookup.ts), as many as `nodes` takes.
 */
export const FILTER_LIST_LIMITS = {
  providers: IMPORT_PROVIDERS.length,
  statuses: IMPORT_STATUSES.length,
  resourceTypes: 50,
  ids: MAX_LOOKUP_IDS,
} as const;

/**
 * The longest texts an `ImportFilter` takes, in characters: 255 is the usual bound of a reference
 * column, and a group id is the reference of the split's parts without their `-<n>`.
 */
export const FILTER_TEXT_LIMITS = { reference: 255, groupId: 255 } as const;

/** Refuses (BAD_USER_INPUT) a filter with a list or text longer than the limits allow, or a blank text. */
export function checkFilterLists(filter: ImportFilter | null | undefined): void {
  for (const [name, limit] of Object.entries(FILTER_LIST_LIMITS)) {
    const list = filter?.[name as keyof typeof FILTER_LIST_LIMITS];
    if (list && list.length > limit)
      throw badUserInput(`\`filter.${name}\` takes at most ${limit} items, got ${list.length}.`);
  }
  for (const [name, limit] of Object.entries(FILTER_TEXT_LIMITS)) {
    const text = filter?.[name as keyof typeof FILTER_TEXT_LIMITS];
    if (text === null || text === undefined) continue;
    if (text.length > limit)
      throw badUserInput(`\`filter.${name}\` takes at most ${limit} characters, got ${text.length}.`);
    // A blank value would be dropped by the vendor's filter (Ransack ignores blanks) and match everything.
    if (text.trim() === '')
      throw badUserInput(`\`filter.${name}\` is blank: leave it out to match every import.`);
  }
}

/** The conditions of an `ImportFilter` other than its providers and ids, with instants as epoch ms. */
export function conditionsOf(filter: ImportFilter | null | undefined): ImportConditions {
  checkFilterLists(filter);
  if (!filter) return {};
  const instant = (value: Date | null | undefined) => value?.getTime();
  return {
    statuses: filter.statuses ?? undefined,
    resourceTypes: filter.resourceTypes ?? undefined,
    createdAfter: instant(filter.createdAfter),
    createdBefore: instant(filter.createdBefore),
    updatedAfter: instant(filter.updatedAfter),
    updatedBefore: instant(filter.updatedBefore),
    reference: filter.reference ?? undefined,
    groupId: filter.groupId ?? undefined,
  };
}

/**
 * `filter.ids` by provider, each id checked as every resolver checks a global id (vendor-ids.ts),
 * before any vendor call; undefined when the filter has no ids. A malformed id is BAD_USER_INPUT
 * naming its index: a list that cannot mean what the caller thinks is refused, not shortened.
 */
export function idsOf(
  filter: ImportFilter | null | undefined,
  providers: IdFormats,
): Map<ImportProvider, ImportReference[]> | undefined {
  if (!filter?.ids) return undefined;
  const byProvider = new Map<ImportProvider, ImportReference[]>();
  filter.ids.forEach((id, index) => {
    let reference: ImportGlobalRef;
    try {
      reference = checkImportId(id, providers);
    } catch (error) {
      if (error instanceof InvalidGlobalIdError)
        throw badUserInput(`\`filter.ids[${index}]\`: ${error.message}`);
      throw error;
    }
    const { provider, providerId, createdAt } = reference;
    const list = byProvider.get(provider) ?? [];
    if (!list.some((known) => known.providerId === providerId)) list.push({ providerId, createdAt });
    byProvider.set(provider, list);
  });
  return byProvider;
}

import type { ApolloClient, ObservableQuery } from '@apollo/client';
import { filter, firstValueFrom } from 'rxjs';
import {
  ImportsPageDocument,
  type ImportsPageQuery,
  type ImportsPageQueryVariables,
  type TotalCountPrecision,
} from './generated/graphql.ts';

export type ImportsList = ObservableQuery<ImportsPageQuery, ImportsPageQueryVariables>;
export type ImportSource = ImportsPageQuery['imports']['sources'][number];

/** The imports screen's list, kept in Apollo's cache; `loadMore` appends the next page to it. */
export function watchImports(apollo: ApolloClient, variables: ImportsPageQueryVariables = {}): ImportsList {
  return apollo.watchQuery({ query: ImportsPageDocument, variables });
}

/**
 * Fetches the page after the last one shown (`pageSize` imports, else the list's `first`) and
 * resolves once the list has settled: showing the
 * new page, or, when a refetch replaced the list meanwhile, the refetched list (whose own cursor
 * pages on from its start); false when there is no next page.
 */
export async function loadMore(list: ImportsList, pageSize?: number): Promise<boolean> {
  const pageInfo = list.getCurrentResult().data?.imports?.pageInfo;
  if (!pageInfo?.hasNextPage) return false;
  // Without a size, the list's own `first`, which a refetch after a lost connection may have raised.
  await list.fetchMore({
    variables: pageSize ? { after: pageInfo.endCursor, first: pageSize } : { after: pageInfo.endCursor },
  });
  // Apollo Client 4 resolves fetchMore with the page alone and shows it in the list a moment
  // later. Waiting for the list's first settled result, rather than for the page's cursor, ends
  // with the requests in flight: a refetch answered after the page replaces it, and that cursor
  // never shows.
  await firstValueFrom(list.pipe(filter((result) => !result.loading)));
  return true;
}

/** The count worded as far as it can be trusted (docs/FRONTEND.md, One query for the list). */
export function countLabel(totalCount: number, precision: TotalCountPrecision): string {
  const noun = totalCount === 1 ? 'import' : 'imports';
  if (precision === 'APPROXIMATE') return `about ${totalCount} ${noun}`;
  if (precision === 'AT_LEAST') return `${totalCount} or more ${noun}`;
  return `${totalCount} ${noun}`;
}

/**
 * Imports of one vendor the gateway checks per page of the list when it applies a condition the
 * vendor cannot (ImportSourceState.INCOMPLETE in schema.graphql: 4 vendor pages, 100 imports).
 */
const CHECKED_PER_PAGE = 100;

/**
 * One line per vendor missing from the list, not set up, or only partly searched (its matches
 * further on may come with the next page); none when all answered in full.
 */
export function sourceNotices(sources: readonly ImportSource[]): string[] {
  return sources.flatMap((source) => {
    if (source.state === 'DISABLED') return [`${source.provider}: not set up`];
    if (source.state === 'INCOMPLETE')
      return [
        `${source.provider}: searched ${CHECKED_PER_PAGE} of its imports for this page; load more to search further`,
      ];
    if (source.state !== 'FAILED') return [];
    const retry = source.error?.retryable
      ? source.error.retryAfterSeconds
        ? `, retry in ${source.error.retryAfterSeconds} s`
        : ', retry later'
      : '';
    return [`${source.provider}: unavailable (${source.error?.code ?? 'unknown'}${retry})`];
  });
}

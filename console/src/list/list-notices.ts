import { CombinedGraphQLErrors, ServerError } from '@apollo/client';
import type { ImportSource } from '../../../examples/client/list.ts';
import { h } from '../dom.ts';
import { vendorName, waitWords } from '../words.ts';

/**
 * One line per vendor that is not fully in the list, worded for a person (the kit's
 * `sourceNotices` says the same for a log): a FAILED vendor with why and when to try again, while
 * the other vendors' rows stay; one not set up; one searched only in part.
 */
export function sourceNotice(source: ImportSource, onRetry: () => void): HTMLElement | null {
  const name = vendorName(source.provider);
  const item = (state: string, ...children: (Node | string)[]) =>
    h('li', { class: 'list-source', 'data-state': state }, h('strong', null, `${name}: `), ...children);
  if (source.state === 'DISABLED')
    return item('disabled', 'not set up on this gateway, so none of its imports are listed.');
  if (source.state === 'INCOMPLETE')
    return item(
      'incomplete',
      'only part of its imports were searched for this page (it cannot apply this filter itself). Load more to search further.',
    );
  if (source.state !== 'FAILED') return null;
  const error = source.error;
  return item(
    'failed',
    `unavailable, its imports are missing from this list. ${error ? sentence(error.message) : ''} `,
    retryHint(error),
    ' ',
    h('button', { type: 'button', class: 'secondary list-retry', on: { click: onRetry } }, `Retry ${name}`),
  );
}

/** When to try again, in words; the code for whoever reports the problem. */
export function retryHint(error: ImportSource['error'] | undefined): string {
  const code = error ? ` (${error.code})` : '';
  if (!error?.retryable) return `Trying again will not help until the cause is fixed${code}.`;
  if (error.retryAfterSeconds) return `Try again in ${waitWords(error.retryAfterSeconds)}${code}.`;
  return `Trying again later may work${code}.`;
}

/**
 * A failure of the whole request in words: what the gateway said (never a stack), and whether to
 * try again. `covered` leaves out the errors a vendor's notice already tells.
 */
export function describeError(error: Error, covered: (provider: unknown) => boolean = () => false): string {
  if (CombinedGraphQLErrors.is(error)) {
    const shown = error.errors.filter((entry) => !covered(entry.extensions?.provider));
    if (shown.length === 0) return '';
    const seconds = shown.find((entry) => typeof entry.extensions?.retryAfterSeconds === 'number')?.extensions
      ?.retryAfterSeconds as number | undefined;
    const messages = [...new Set(shown.map((entry) => sentence(entry.message)))].join(' ');
    return seconds ? `${messages} Try again in ${waitWords(seconds)}.` : messages;
  }
  if (ServerError.is(error))
    return `The gateway answered with HTTP ${error.statusCode}. Try again in a moment.`;
  // fetch's own words ("Failed to fetch") mean the gateway could not be reached.
  if (error.name === 'TypeError')
    return 'The gateway could not be reached. Check that it runs, then try again.';
  return sentence(error.message);
}

function sentence(text: string): string {
  const trimmed = text.trim();
  return /[.!?]$/.test(trimmed) ? trimmed : `${trimmed}.`;
}

import type { ImportFilter } from '../../../examples/client/generated/graphql.ts';
import type { ImportChange } from '../../../examples/client/live.ts';
import type { ConsoleContext } from '../context.ts';
import { matchesImportFilter } from './live-lists.ts';
import { importsWord, statusWord, vendorName } from '../words.ts';

/** How long changes are gathered into one sentence: one announcement, not one per event. */
const GATHER_MS = 1_500;

/**
 * Tells screen readers what changed in the list that matters: imports that appeared, and imports
 * on screen that finished. Progress ticks are not announced (the bars show them); changes are
 * gathered into one polite sentence, e.g. "2 new imports. skus from Commerce Layer succeeded."
 */
export function changeAnnouncer(
  context: ConsoleContext,
  filter: ImportFilter | undefined,
  isShown: (id: string) => boolean,
) {
  let created = 0;
  const finished: ImportChange['import'][] = [];
  let timer: ReturnType<typeof setTimeout> | undefined;

  const speak = () => {
    timer = undefined;
    const parts: string[] = [];
    if (created > 0) parts.push(`${created === 1 ? 'A new import' : `${created} new imports`} in the list.`);
    if (finished.length === 1) {
      const item = finished[0]!;
      parts.push(
        `${item.resourceType ?? 'Import'} from ${vendorName(item.provider)} ${statusWord(item.status).toLowerCase()}.`,
      );
    } else if (finished.length > 1) parts.push(`${importsWord(finished.length)} finished.`);
    created = 0;
    finished.length = 0;
    if (parts.length > 0) context.announce(parts.join(' '));
  };

  return {
    heard(change: ImportChange) {
      if (change.kind === 'CREATED' && matchesImportFilter(change.import, filter) === true) created++;
      else if (
        change.kind === 'UPDATED' &&
        change.import.terminal &&
        change.previousStatus !== change.import.status &&
        isShown(change.import.id)
      )
        finished.push(change.import);
      else return;
      timer ??= setTimeout(speak, GATHER_MS);
    },
    dispose() {
      clearTimeout(timer);
    },
  };
}

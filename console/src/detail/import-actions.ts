import type { InMemoryCache } from '@apollo/client';
import { evictImport } from '../../../examples/client/cache.ts';
import {
  DeleteImportDocument,
  InterruptImportDocument,
  type ImportRowFragment,
} from '../../../examples/client/generated/graphql.ts';
import type { ConsoleContext } from '../context.ts';
import { h, replaceChildren } from '../dom.ts';
import type { ListFilters } from '../route.ts';
import { confirmAction } from './confirm-dialog.ts';
import { statusWord, vendorName } from '../words.ts';

interface UserErrorLike {
  message: string;
  retryable: boolean;
  retryAfterSeconds?: number | null;
}

/**
 * Interrupt and Delete, each shown only when the gateway says the viewer may (`viewerCan…`), each
 * after a confirmation naming the import. The buttons stay in place as the import changes, so
 * focus is not lost while it runs.
 */
export function importActions(
  context: ConsoleContext,
  id: string,
  filters: ListFilters,
  /** Where the focus goes when the button holding it leaves (the view's heading). */
  heading: HTMLElement,
) {
  let current: ImportRowFragment | undefined;
  let interrupted = false;
  const problem = h('p', { class: 'action-error error', role: 'alert', hidden: true });
  const interrupt = h('button', { type: 'button', class: 'secondary', hidden: true }, 'Interrupt');
  const remove = h('button', { type: 'button', class: 'danger', hidden: true }, 'Delete');
  const element = h(
    'div',
    { class: 'import-actions' },
    h('div', { class: 'action-buttons' }, interrupt, remove),
    problem,
  );
  const name = () =>
    current ? `the ${vendorName(current.provider)} import ${current.providerId}` : 'this import';

  const showProblem = (error: UserErrorLike | undefined, fallback: string) => {
    if (!error) {
      problem.hidden = true;
      return;
    }
    const hint = error.retryable
      ? ` Try again${error.retryAfterSeconds ? ` in ${error.retryAfterSeconds} s` : ' in a moment'}.`
      : '';
    replaceChildren(problem, `${fallback}: ${error.message}${hint}`);
    problem.hidden = false;
  };

  const run = async (button: HTMLButtonElement, action: () => Promise<void>) => {
    button.disabled = true;
    try {
      await action();
    } catch (error) {
      showProblem({ message: (error as Error).message, retryable: true }, 'No answer from the gateway');
    } finally {
      button.disabled = false;
    }
  };

  /**
   * A successful interrupt hides its button (the import may no longer be interrupted) while it
   * holds the focus, which would drop it to the page's start: Delete takes it, or the heading.
   */
  const keepFocus = () => {
    if (!interrupted || !interrupt.hidden) return;
    interrupted = false;
    const active = document.activeElement;
    if (active && active !== interrupt && active !== document.body) return;
    (remove.hidden ? heading : remove).focus();
  };

  interrupt.addEventListener('click', () => void confirmInterrupt());
  remove.addEventListener('click', () => void confirmDelete());

  async function confirmInterrupt(): Promise<void> {
    const confirmed = await confirmAction(element, {
      title: 'Interrupt this import?',
      text: `Interrupt ${name()}? It stops where it is and its status becomes ${statusWord('CANCELLED')}. This cannot be undone.`,
      confirmLabel: 'Interrupt import',
    });
    if (!confirmed) return;
    await run(interrupt, async () => {
      const { data, error } = await context.apollo.mutate({
        mutation: InterruptImportDocument,
        variables: { id },
      });
      const failed =
        data?.interruptImport.userErrors[0] ?? (error && { message: error.message, retryable: true });
      showProblem(failed || undefined, 'The import was not interrupted');
      if (failed) return;
      context.announce(`Interrupted ${name()}.`);
      interrupted = true;
      keepFocus();
    });
  }

  async function confirmDelete(): Promise<void> {
    const confirmed = await confirmAction(element, {
      title: 'Delete this import?',
      text: `Delete ${name()}? It is removed from the vendor for good.`,
      confirmLabel: 'Delete import',
    });
    if (!confirmed) return;
    const named = name();
    await run(remove, async () => {
      const { data, error } = await context.apollo.mutate({
        mutation: DeleteImportDocument,
        variables: { id },
      });
      const failed =
        data?.deleteImport.userErrors[0] ?? (error && { message: error.message, retryable: true });
      showProblem(failed || undefined, 'The import was not deleted');
      if (failed || !data?.deleteImport.deletedId) return;
      evictImport(context.apollo.cache as InMemoryCache, id);
      context.navigate({ view: 'list', filters });
      context.announce(`Deleted ${named}.`);
    });
  }

  return {
    element,
    /** The import as it is now: which buttons apply. */
    update(item: ImportRowFragment | undefined) {
      current = item;
      interrupt.hidden = !item?.viewerCanInterrupt;
      remove.hidden = !item?.viewerCanDelete;
      keepFocus();
    },
  };
}

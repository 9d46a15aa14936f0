import { h } from '../dom.ts';

/**
 * Asks before something that cannot be undone, in a modal `<dialog>` (the browser traps focus in
 * it and closes it on Escape). Focus starts on Cancel, so Enter pressed by habit does nothing
 * harmful. Resolves true only for the confirm button.
 */
export function confirmAction(
  host: HTMLElement,
  options: { title: string; text: string; confirmLabel: string },
): Promise<boolean> {
  return new Promise((resolve) => {
    const cancel = h('button', { type: 'button', class: 'secondary', value: 'cancel' }, 'Cancel');
    const confirm = h('button', { type: 'button', class: 'danger', value: 'confirm' }, options.confirmLabel);
    const dialog = h(
      'dialog',
      { class: 'confirm-dialog', 'aria-labelledby': 'confirm-title', 'aria-describedby': 'confirm-text' },
      h('h2', { id: 'confirm-title' }, options.title),
      h('p', { id: 'confirm-text' }, options.text),
      h('div', { class: 'dialog-actions' }, cancel, confirm),
    );
    cancel.addEventListener('click', () => dialog.close('cancel'));
    confirm.addEventListener('click', () => dialog.close('confirm'));
    // Escape closes it with an empty returnValue: a cancel.
    dialog.addEventListener('close', () => {
      dialog.remove();
      resolve(dialog.returnValue === 'confirm');
    });
    host.append(dialog);
    dialog.showModal();
    cancel.focus();
  });
}

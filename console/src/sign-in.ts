import { setCredential } from './credentials.ts';
import { h } from './dom.ts';

/**
 * The credential form, shown when the gateway checks callers (not in demo mode). The API key or
 * JWT is kept in memory only (credentials.ts): the browser is told not to offer to save it.
 */
export function showSignIn(options: { reason?: string; onSignedIn: () => void }): HTMLElement {
  const input = h('input', {
    id: 'credential',
    name: 'credential',
    type: 'password',
    autocomplete: 'off',
    spellcheck: 'false',
    required: true,
    'aria-describedby': 'credential-help',
  });
  const form = h(
    'form',
    {
      class: 'sign-in',
      'aria-labelledby': 'sign-in-title',
      on: {
        submit: (event) => {
          event.preventDefault();
          setCredential(input.value);
          input.value = '';
          options.onSignedIn();
        },
      },
    },
    h('h1', { id: 'sign-in-title' }, 'Sign in to the gateway'),
    options.reason ? h('p', { class: 'error', role: 'alert' }, options.reason) : null,
    h('label', { for: 'credential' }, 'API key or bearer token'),
    input,
    h(
      'p',
      { id: 'credential-help', class: 'help' },
      'Sent as "Authorization: Bearer …" to this gateway only, and kept in this tab’s memory: reloading the page asks again.',
    ),
    h('button', { type: 'submit' }, 'Sign in'),
  );
  queueMicrotask(() => input.focus());
  return form;
}

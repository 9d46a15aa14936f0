import type { Client } from 'graphql-ws';

/**
 * The live connection's state in the masthead: whether the rows on screen follow the vendors.
 * The returned function stops it and empties the line, e.g. on sign-out, where the closing socket
 * would otherwise leave "Reconnecting…" under a sign-in form.
 */
export function showConnection(socket: Client, element: HTMLElement): () => void {
  const say = (text: string, state: string) => {
    element.textContent = text;
    element.dataset.state = state;
  };
  say('Connecting…', 'connecting');
  const stops = [
    socket.on('connected', () => say('Live', 'live')),
    socket.on('closed', () => say('Reconnecting…', 'reconnecting')),
  ];
  return () => {
    for (const stop of stops) stop();
    element.textContent = '';
    delete element.dataset.state;
  };
}

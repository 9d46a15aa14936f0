import type { Client } from 'graphql-ws';

/** The live connection's state in the masthead: whether the rows on screen follow the vendors. */
export function showConnection(socket: Client, element: HTMLElement): void {
  const say = (text: string, state: string) => {
    element.textContent = text;
    element.dataset.state = state;
  };
  say('Connecting…', 'connecting');
  socket.on('connected', () => say('Live', 'live'));
  socket.on('closed', () => say('Reconnecting…', 'reconnecting'));
}

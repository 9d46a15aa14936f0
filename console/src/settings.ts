/** What the gateway tells the page when it serves it (the `console-settings` meta element). */
export interface ConsoleSettings {
  /** The gateway runs open (demo mode, or no authentication): no credential to ask for. */
  open: boolean;
  /** The gateway runs registered operations only: send the documents' hashes, not their text. */
  persistedDocuments: boolean;
}

export function readSettings(): ConsoleSettings {
  const content = document.querySelector<HTMLMetaElement>('meta[name="console-settings"]')?.content ?? '{}';
  const parsed = JSON.parse(content) as Partial<ConsoleSettings>;
  return { open: parsed.open === true, persistedDocuments: parsed.persistedDocuments === true };
}

/**
 * The API key or bearer token typed in, in this module's memory only: never in storage, the URL or
 * a cookie, so it is gone with the tab (and a reload asks again).
 */
let credential: string | undefined;

export function setCredential(value: string | undefined): void {
  credential = value?.trim() || undefined;
}

/** The headers of every request and the socket's connection parameters. */
export function credentialHeaders(): Record<string, string> {
  return credential ? { Authorization: `Bearer ${credential}` } : {};
}

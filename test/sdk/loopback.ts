const LOOPBACK_HOSTS = new Set(['127.0.0.1', '[::1]', 'localhost']);

export function isLoopback(url: URL): boolean {
  return LOOPBACK_HOSTS.has(url.hostname);
}

/** One request a vendor SDK made: where it meant to go and where it went. */
export interface SdkRequest {
  method: string;
  intended: URL;
  sent: URL;
}

export interface RedirectingFetch {
  /** Given to the SDK as its `fetch` option. */
  readonly fetch: (input: string | URL | Request, init?: RequestInit) => Promise<Response>;
  readonly requests: SdkRequest[];
  /** Requests refused because they would have left the machine; a test fails if any. */
  readonly refused: string[];
}

/**
 * A fetch that sends the vendor's public origins (`https://<slug>.commercelayer.io`,
 * `https://auth.commercelayer.io`) to a simulator on loopback, and refuses, without sending,
 * anything whose final URL would not be loopback: a vendor SDK must never reach a public host.
 */
export function redirectingFetch(vendorHost: RegExp, simulatorUrl: string): RedirectingFetch {
  const requests: SdkRequest[] = [];
  const refused: string[] = [];
  const target = new URL(simulatorUrl);
  const fetchOnLoopback = async (input: string | URL | Request, init?: RequestInit) => {
    const intended = new URL(input instanceof Request ? input.url : input);
    const method = (init?.method ?? (input instanceof Request ? input.method : 'GET')).toUpperCase();
    const sent = new URL(intended);
    if (vendorHost.test(intended.hostname)) {
      sent.protocol = target.protocol;
      sent.host = target.host;
    }
    if (!isLoopback(sent)) {
      refused.push(`${method} ${intended.href}`);
      throw new TypeError(`refused to leave loopback: ${method} ${intended.href}`);
    }
    requests.push({ method, intended, sent });
    if (!(input instanceof Request)) return fetch(sent, init);
    const body = input.body === null ? undefined : await input.arrayBuffer();
    return fetch(sent, { method, headers: input.headers, body, ...init });
  };
  return { fetch: fetchOnLoopback, requests, refused };
}

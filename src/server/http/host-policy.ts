import { isIP } from 'node:net';
import type { IncomingMessage } from 'node:http';

/** Names that always mean this machine, whatever DNS says. */
const LOOPBACK_NAMES = new Set(['localhost', '127.0.0.1', '::1']);
/** Host headers whose verdict is remembered. */
const MAX_JUDGED_HOSTS = 1_000;

/**
 * Which `Host` headers a browser may reach the gateway by, where a page elsewhere could otherwise
 * use it through DNS rebinding (its own name made to resolve to this machine, so that the
 * browser treats the gateway as the page's own origin): the open gateway's API (no credential
 * stands in the way) and the playground. Allowed: loopback names, the configured HOST, names
 * in ALLOWED_HOSTS (`.example.com` for it and its subdomains), and IP addresses, which no
 * rebinding can produce (a rebound page's Host is always its domain name).
 */
export interface HostPolicy {
  /** The gateway runs open: its API, not only the playground, checks the Host. */
  guardsApi: boolean;
  allows(request: IncomingMessage): boolean;
  /** The refusal's message. */
  refusal(request: IncomingMessage): string;
}

export function createHostPolicy(options: {
  open: boolean;
  host: string;
  allowedHosts: string[];
}): HostPolicy {
  const named = new Set([
    options.host.toLowerCase(),
    ...options.allowedHosts.filter((h) => !h.startsWith('.')),
  ]);
  const suffixes = options.allowedHosts.filter((h) => h.startsWith('.'));
  const allowedName = (name: string) =>
    LOOPBACK_NAMES.has(name) ||
    name.endsWith('.localhost') ||
    isIP(name) !== 0 ||
    named.has(name) ||
    suffixes.some((suffix) => name.endsWith(suffix) || name === suffix.slice(1));
  // A client sends the same Host on every request: each one is judged once (new URL, isIP), up to
  // a bound, so headers made up by the thousand cost no memory.
  const judged = new Map<string, boolean>();
  return {
    guardsApi: options.open,
    allows: (request) => {
      const header = request.headers.host ?? '';
      let allowed = judged.get(header);
      if (allowed === undefined) {
        const name = hostName(header);
        allowed = name !== undefined && allowedName(name);
        if (judged.size < MAX_JUDGED_HOSTS) judged.set(header, allowed);
      }
      return allowed;
    },
    refusal: (request) =>
      `This gateway does not answer to the host name ${JSON.stringify((request.headers.host ?? '').slice(0, 100))}; ` +
      'add it to ALLOWED_HOSTS to reach the gateway by that name.',
  };
}

/** The name of a Host header, lowercased, without its port or an IPv6 literal's brackets. */
function hostName(header: string | undefined): string | undefined {
  // Nothing but a name or address and a port: `a@localhost` would parse as localhost.
  if (!header || !/^[a-z0-9.:[\]-]+$/i.test(header)) return undefined;
  try {
    return new URL(`http://${header}`).hostname.replace(/^\[|\]$/g, '').toLowerCase();
  } catch {
    return undefined;
  }
}

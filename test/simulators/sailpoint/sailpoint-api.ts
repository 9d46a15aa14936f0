/**
 * A small client for the SailPoint simulator in tests: real HTTP with global fetch, the way the
 * vendor's SDK talks (multipart token and import bodies).
 */
export const ADMIN = { id: 'sim-sailpoint-client', secret: 'sim-sailpoint-secret' };
export const HELPDESK = { id: 'sim-sailpoint-helpdesk', secret: 'sim-sailpoint-secret' };

export interface ApiAnswer<T = unknown> {
  status: number;
  headers: Headers;
  text: string;
  /** The parsed body; undefined when it is not JSON. */
  body: T;
}

export async function answer<T = unknown>(response: Response): Promise<ApiAnswer<T>> {
  const text = await response.text();
  let body: unknown;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    body = undefined;
  }
  return { status: response.status, headers: response.headers, text, body: body as T };
}

export interface TokenBody {
  access_token: string;
  expires_in: number;
  jti: string;
}

/** Client credentials in a multipart body, as the TypeScript SDK sends them. */
export async function requestToken(url: string, client = ADMIN): Promise<ApiAnswer<TokenBody>> {
  const form = new FormData();
  form.append('grant_type', 'client_credentials');
  form.append('client_id', client.id);
  form.append('client_secret', client.secret);
  return answer(await fetch(`${url}/oauth/token`, { method: 'POST', body: form }));
}

export async function token(url: string, client = ADMIN): Promise<string> {
  const issued = await requestToken(url, client);
  if (issued.status !== 200) throw new Error(`token request answered ${issued.status}: ${issued.text}`);
  return issued.body.access_token;
}

/** v2024 sp-config is experimental: the vendor requires this header on each of its calls [S]. */
export const EXPERIMENTAL_HEADER = { 'x-sailpoint-experimental': 'true' } as const;

const versionHeaders = (path: string): Record<string, string> =>
  path.startsWith('/v2024/') ? { ...EXPERIMENTAL_HEADER } : {};

export async function get<T = unknown>(url: string, path: string, bearer?: string): Promise<ApiAnswer<T>> {
  const headers: Record<string, string> = versionHeaders(path);
  if (bearer !== undefined) headers.authorization = `Bearer ${bearer}`;
  return answer<T>(await fetch(url + path, { headers }));
}

export interface SelfRef {
  type: string;
  id: string;
  name: string;
}

/** An sp-config export document of the given objects (the spec's sample import file shape). */
export function exportDocument(objects: (SelfRef & { object?: Record<string, unknown> })[]) {
  return {
    version: 1,
    timestamp: '2026-10-30T15:19:23.425Z',
    tenant: 'acme-sb',
    description: 'test export',
    options: { excludeTypes: [], includeTypes: [], objectOptions: null },
    objects: objects.map(({ object, ...self }) => ({
      version: 1,
      self,
      object: object ?? { name: self.name },
    })),
  };
}

/** The import's multipart body: the document as file part `data`, options as a JSON blob. */
export function importForm(document: unknown, options?: unknown): FormData {
  const form = new FormData();
  form.append(
    'data',
    new Blob([JSON.stringify(document)], { type: 'application/json' }),
    'config_export.json',
  );
  if (options !== undefined)
    form.append('options', new Blob([JSON.stringify(options)], { type: 'application/json' }));
  return form;
}

export async function postImport<T = unknown>(
  url: string,
  bearer: string,
  body: FormData | string,
  {
    version = 'v2025',
    query = '',
    contentType,
  }: { version?: string; query?: string; contentType?: string } = {},
): Promise<ApiAnswer<T>> {
  const headers: Record<string, string> = {
    ...versionHeaders(`/${version}/`),
    authorization: `Bearer ${bearer}`,
  };
  if (contentType) headers['content-type'] = contentType;
  return answer<T>(
    await fetch(`${url}/${version}/sp-config/import${query}`, { method: 'POST', headers, body }),
  );
}

export interface JobStatus {
  jobId: string;
  status: string;
  type: string;
  message?: string | null;
  description: string | null;
  expiration: string;
  created: string;
  modified: string;
  completed?: string | null;
}

export const TERMINAL = new Set(['COMPLETE', 'FAILED', 'CANCELLED']);

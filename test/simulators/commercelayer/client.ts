import { loadSpec, OpenApiValidator } from '../../support/openapi.ts';

export const JSON_API = 'application/vnd.api+json';

export interface ImportAttributes {
  status: string;
  resource_type: string;
  created_at: string;
  updated_at: string;
  started_at: string | null;
  completed_at: string | null;
  interrupted_at: string | null;
  inputs: unknown;
  inputs_size: number;
  processed_count: number;
  errors_count: number;
  warnings_count: number;
  errors_log: Record<string, Record<string, string[]>>;
  warnings_log: Record<string, string[]>;
  attachment_url: string | null;
  reference: string | null;
  metadata: Record<string, unknown>;
  [name: string]: unknown;
}

export interface ImportResource {
  id: string;
  type: string;
  links: { self: string };
  attributes: ImportAttributes;
  relationships: Record<string, unknown>;
  meta: { mode: string; organization_id: string };
}

export interface ErrorObject {
  title: string;
  detail: string;
  code: string;
  status: string | number;
  source?: { pointer: string };
}

/** Any body the simulator answers, read loosely; `one`/`many` narrow `data`. */
export interface Document {
  data?: unknown;
  errors?: ErrorObject[];
  meta?: { record_count: number; page_count: number };
  links?: { first: string; prev?: string; next?: string; last: string };
  access_token?: string;
  [name: string]: unknown;
}

export interface Answer {
  status: number;
  headers: Headers;
  /** Parsed JSON, or an empty document when the body is empty or not JSON. */
  body: Document;
  json: boolean;
  text: string;
}

export const one = (answer: Answer) => answer.body.data as ImportResource;
export const many = (answer: Answer) => answer.body.data as ImportResource[];
export const firstError = (answer: Answer) => answer.body.errors![0]!;

export const CREDENTIALS = {
  grant_type: 'client_credentials',
  client_id: 'sim-cl-client',
  client_secret: 'sim-cl-secret',
};

async function answer(response: Response): Promise<Answer> {
  const text = await response.text();
  try {
    const body = (text === '' ? {} : JSON.parse(text)) as Document;
    return { status: response.status, headers: response.headers, body, json: text !== '', text };
  } catch {
    return { status: response.status, headers: response.headers, body: {}, json: false, text };
  }
}

export async function requestToken(url: string, body: unknown = CREDENTIALS): Promise<Answer> {
  return answer(
    await fetch(`${url}/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify(body),
    }),
  );
}

export async function issueToken(url: string): Promise<string> {
  const token = await requestToken(url);
  if (token.status !== 200) throw new Error(`token answered ${token.status}: ${token.text}`);
  return token.body.access_token!;
}

/** A JSON:API client as the vendor's SDK behaves: bearer token, vnd.api+json both ways. */
export class ApiClient {
  constructor(
    private readonly url: string,
    public token: string,
  ) {}

  async call(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<Answer> {
    const base: Record<string, string> = { authorization: `Bearer ${this.token}`, accept: JSON_API };
    if (body !== undefined) base['content-type'] = JSON_API;
    return answer(
      await fetch(this.url + path, {
        method,
        headers: { ...base, ...headers },
        body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
      }),
    );
  }

  get(path: string, headers?: Record<string, string>): Promise<Answer> {
    return this.call('GET', path, undefined, headers);
  }

  create(attributes: Record<string, unknown>): Promise<Answer> {
    return this.call('POST', '/api/imports', { data: { type: 'imports', attributes } });
  }

  update(id: string, attributes: Record<string, unknown>): Promise<Answer> {
    return this.call('PATCH', `/api/imports/${id}`, { data: { type: 'imports', id, attributes } });
  }
}

/**
 * The vendor's 2023 OpenAPI, with every attribute made nullable: the generator left `nullable`
 * out, while the vendor's docs show unset attributes as null (`"started_at": null`,
 * `"reference": null` in the create examples) — the OpenAPI's omission, not the simulator's.
 */
export function vendorSpec(): OpenApiValidator {
  const document = loadSpec('commercelayer/imports.openapi.2023-02.json');
  type Node = { properties: Record<string, Node>; nullable?: boolean };
  const schemas = (document.components as { schemas: Record<string, Node> }).schemas;
  const attributes = schemas.import!.properties.data!.properties.attributes!.properties;
  for (const property of Object.values(attributes)) property.nullable = true;
  return new OpenApiValidator(document, 'commercelayer/imports.openapi.2023-02.json');
}

/** Sample inputs shaped like the docs' SKU example. */
export function skuInputs(count: number, invalidEvery = 0): Record<string, unknown>[] {
  return Array.from({ length: count }, (_, index) => ({
    code: `SKU${String(index).padStart(5, '0')}`,
    name: invalidEvery > 0 && index % invalidEvery === invalidEvery - 1 ? 'invalid name' : `Item ${index}`,
  }));
}

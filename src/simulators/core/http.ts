import type { IncomingHttpHeaders } from 'node:http';

/** A vendor request as simulator handlers see it: body already read, path parameters matched. */
export interface SimRequest {
  method: string;
  /** The path without query string, e.g. `/api/v1/imports/12/records`. */
  path: string;
  url: URL;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: Buffer;
  params: Record<string, string>;
  /** The route template the request matched, e.g. `GET /api/v1/imports/{id}/records`. */
  route: string;
  remoteAddress: string;
}

/** What a handler answers. `body` is serialized as JSON unless `rawBody` is given. */
export interface SimResponse {
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
  rawBody?: string | Buffer;
}

export type SimHandler = (request: SimRequest) => SimResponse | Promise<SimResponse>;

export interface SimRoute {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Path template with `{name}` segments, e.g. `/api/imports/{id}`. */
  path: string;
  handler: SimHandler;
}

export type RouteMatch =
  | { kind: 'found'; route: SimRoute; params: Record<string, string> }
  | { kind: 'method-not-allowed'; allowed: string[] }
  | { kind: 'not-found' };

interface CompiledRoute {
  route: SimRoute;
  pattern: RegExp;
  names: string[];
}

/** Matches method and path against route templates; a parameter matches one non-empty segment. */
export class Router {
  private readonly compiled: CompiledRoute[];

  constructor(routes: readonly SimRoute[]) {
    this.compiled = routes.map((route) => {
      const names: string[] = [];
      const source = route.path
        .split('/')
        .map((segment) => {
          const parameter = /^\{(\w+)\}$/.exec(segment);
          if (!parameter) return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
          names.push(parameter[1]!);
          return '([^/]+)';
        })
        .join('/');
      return { route, pattern: new RegExp(`^${source}/?$`), names };
    });
  }

  match(method: string, path: string): RouteMatch {
    const allowed: string[] = [];
    for (const { route, pattern, names } of this.compiled) {
      const found = pattern.exec(path);
      if (!found) continue;
      if (route.method !== method) {
        allowed.push(route.method);
        continue;
      }
      const params: Record<string, string> = {};
      names.forEach((name, index) => {
        params[name] = safeDecode(found[index + 1]!);
      });
      return { kind: 'found', route, params };
    }
    return allowed.length > 0 ? { kind: 'method-not-allowed', allowed } : { kind: 'not-found' };
  }
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

export function json(status: number, body: unknown, headers: Record<string, string> = {}): SimResponse {
  return { status, body, headers };
}

/** Parses a request body as JSON, saying why when it is not. */
export function parseJsonBody(body: Buffer): { ok: true; value: unknown } | { ok: false; reason: string } {
  if (body.length === 0) return { ok: false, reason: 'The request body is empty.' };
  try {
    return { ok: true, value: JSON.parse(body.toString('utf8')) as unknown };
  } catch (error) {
    return { ok: false, reason: `The request body is not valid JSON: ${(error as Error).message}` };
  }
}

/** The media type of a header value without parameters, lower-cased (`application/json`). */
export function mediaType(header: string | undefined): string {
  return (header ?? '').split(';')[0]!.trim().toLowerCase();
}

/** Reads `Authorization: <scheme> <credentials>`; the scheme compares case-insensitively. */
export function authorization(request: SimRequest, scheme: string): string | undefined {
  const header = request.headers.authorization;
  if (!header) return undefined;
  const space = header.indexOf(' ');
  if (space < 0 || header.slice(0, space).toLowerCase() !== scheme.toLowerCase()) return undefined;
  return header.slice(space + 1).trim();
}

/**
 * Parses a urlencoded or multipart/form-data body with the platform's own parser (undici's),
 * so the simulators accept exactly what a spec-compliant client sends.
 */
export async function parseFormBody(request: SimRequest): Promise<FormData | undefined> {
  const type = request.headers['content-type'];
  const media = mediaType(type);
  if (media !== 'application/x-www-form-urlencoded' && media !== 'multipart/form-data') return undefined;
  try {
    // A Uint8Array over a plain ArrayBuffer satisfies BodyInit also when a dependency pulls in
    // the DOM lib (whose BodyInit refuses Buffer<ArrayBufferLike>).
    const body = new Uint8Array(request.body);
    return await new Response(body, { headers: { 'content-type': type! } }).formData();
  } catch {
    return undefined;
  }
}

import { setTimeout as sleep } from 'node:timers/promises';

/** the README's default admin credentials of the Fleetio simulator. */
export const ADMIN = {
  authorization: 'Token sim-fleetio-key',
  'account-token': 'sim-fleetio-account',
} as const;
/** A valid key whose user is not an admin. */
export const READONLY = {
  authorization: 'Token sim-fleetio-readonly',
  'account-token': 'sim-fleetio-account',
} as const;

export interface VendorAnswer {
  status: number;
  headers: Headers;
  text: string;
  /** The body parsed as JSON, undefined when it is not JSON. */
  body: unknown;
}

/** One vendor request, redirects not followed, the body read whole. */
export async function call(url: string, headers: Record<string, string> = ADMIN): Promise<VendorAnswer> {
  const response = await fetch(url, { headers, redirect: 'manual' });
  const text = await response.text();
  let body: unknown;
  try {
    body = text === '' ? undefined : JSON.parse(text);
  } catch {
    body = undefined;
  }
  return { status: response.status, headers: response.headers, text, body };
}

export interface CursorPage<T = Record<string, unknown>> {
  start_cursor: string | null;
  next_cursor: string | null;
  per_page: number;
  estimated_remaining_count: number;
  filtered_by: unknown[];
  sorted_by: Record<string, string>[];
  records: T[];
}

export interface ImportRecord {
  id: number;
  completed_at: string | null;
  file_name: string;
  file_size: string;
  note: string | null;
  type: string;
  status: string;
  created_at: string;
  updated_at: string;
}

/** Follows `next_cursor` to the end; `beforePage` runs before each page after the first. */
export async function walk<T>(
  base: string,
  query: string,
  beforePage?: (pageIndex: number) => Promise<void>,
): Promise<{ records: T[]; pages: CursorPage<T>[] }> {
  const pages: CursorPage<T>[] = [];
  let cursor: string | null = null;
  do {
    if (pages.length > 0) await beforePage?.(pages.length);
    const separator = query === '' ? '' : '&';
    const next = cursor === null ? '' : `${separator}start_cursor=${encodeURIComponent(cursor)}`;
    const answer = await call(`${base}?${query}${next}`);
    if (answer.status !== 200)
      throw new Error(`page ${pages.length} answered ${answer.status}: ${answer.text}`);
    const page = answer.body as CursorPage<T>;
    pages.push(page);
    cursor = page.next_cursor;
  } while (cursor !== null && pages.length < 1_000);
  return { records: pages.flatMap((page) => page.records), pages };
}

/** The child elements of an S3 `<Error>` document, as a flat object. */
export function s3ErrorFields(xml: string): Record<string, string> {
  const inner = /<Error>([\s\S]*)<\/Error>/.exec(xml)?.[1] ?? '';
  return Object.fromEntries(
    [...inner.matchAll(/<([\w-]+)>([^<]*)<\/\1>/g)].map((match) => [match[1]!, match[2]!]),
  );
}

/**
 * Fleetio counts requests per calendar minute; waits out the current minute when too little of it is
 * left for a test's burst to land inside one window.
 */
export async function awaitRoomInMinute(neededMs = 4_000): Promise<void> {
  const left = 60_000 - (Date.now() % 60_000);
  if (left < neededMs) await sleep(left + 50);
}

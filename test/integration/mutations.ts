import { expect } from 'vitest';
import type { GatewayUnderTest, GraphQLResponse } from '../support/gateway.ts';

/** A SailPoint sp-config export of one transform, which the simulator imports cleanly. */
export function transformDocument(id: string, name: string): Record<string, unknown> {
  return {
    version: 1,
    timestamp: '2026-01-01T00:00:00Z',
    tenant: 'acme-sb',
    objects: [
      { version: 1, self: { type: 'TRANSFORM', id, name }, object: { name, type: 'lower', attributes: {} } },
    ],
  };
}

/** The fields the mutation tests read of an import. */
export const IMPORT_FIELDS = `id provider providerId status providerStatus terminal resourceType
  counts { total processed errors warnings }`;

export interface ImportView {
  id: string;
  provider: string;
  providerId: string;
  status: string;
  providerStatus: string;
  terminal: boolean;
  resourceType: string | null;
  counts: { total: number | null; processed: number | null; errors: number | null; warnings: number | null };
}

export interface UserErrorView {
  field: string[] | null;
  message: string;
  code: string;
}

export const CREATE_IMPORT = `mutation ($input: CreateImportInput!) {
  createImport(input: $input) {
    import { ${IMPORT_FIELDS} }
    imports { ${IMPORT_FIELDS} }
    userErrors { field message code }
  }
}`;

export interface CreatePayload {
  createImport: { import: ImportView | null; imports: ImportView[]; userErrors: UserErrorView[] };
}

export async function createImport(
  gateway: GatewayUnderTest,
  input: Record<string, unknown>,
): Promise<GraphQLResponse<CreatePayload>> {
  return gateway.graphql<CreatePayload>(CREATE_IMPORT, { input });
}

/** A creation that must succeed: no errors, no userErrors; answers the imports created. */
export async function created(
  gateway: GatewayUnderTest,
  input: Record<string, unknown>,
): Promise<ImportView[]> {
  const response = await createImport(gateway, input);
  expect(response.errors, JSON.stringify(response.errors)).toBeUndefined();
  expect(response.data!.createImport.userErrors).toEqual([]);
  return response.data!.createImport.imports;
}

export async function readImport(
  gateway: GatewayUnderTest,
  id: string,
): Promise<GraphQLResponse<{ import: ImportView | null }>> {
  return gateway.graphql<{ import: ImportView | null }>(
    `query ($id: ID!) { import(id: $id) { ${IMPORT_FIELDS} } }`,
    {
      id,
    },
  );
}

/** Moves the simulators' shared clock. */
export async function advance(gateway: GatewayUnderTest, ms: number): Promise<void> {
  await gateway.control('commercelayer', 'POST', '/__sim/clock', { advanceMs: ms });
}

/** Polls `import(id)` while advancing the clock by `stepMs`, until the import is terminal. */
export async function watchToEnd(
  gateway: GatewayUnderTest,
  id: string,
  stepMs = 20_000,
): Promise<ImportView[]> {
  const seen: ImportView[] = [];
  for (let step = 0; step < 40; step++) {
    const response = await readImport(gateway, id);
    expect(response.errors, JSON.stringify(response.errors)).toBeUndefined();
    const item = response.data!.import!;
    seen.push(item);
    if (item.terminal) return seen;
    await advance(gateway, stepMs);
  }
  throw new Error(`import ${id} did not finish`);
}

export const MESSAGES = `query ($id: ID!, $first: Int, $after: String) {
  import(id: $id) {
    messages(first: $first, after: $after) {
      available
      edges { cursor node { severity code text subject } }
      pageInfo { hasNextPage endCursor }
    }
  }
}`;

export const RECORDS = `query ($id: ID!, $first: Int, $after: String) {
  import(id: $id) {
    records(first: $first, after: $after) {
      available
      nodes { type providerId name raw }
      pageInfo { hasNextPage endCursor }
    }
  }
}`;

export interface MessageNode {
  severity: string;
  code: string | null;
  text: string;
  subject: string | null;
}

interface Page<T> {
  available: boolean;
  edges?: { cursor: string; node: T }[];
  nodes?: T[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

/** Reads every page of `messages` or `records`, `first` at a time; answers the nodes and the page count. */
export async function readAll<T>(
  gateway: GatewayUnderTest,
  kind: 'messages' | 'records',
  id: string,
  first: number,
): Promise<{ nodes: T[]; pages: number; available: boolean }> {
  const nodes: T[] = [];
  let after: string | null = null;
  for (let pages = 1; pages < 200; pages++) {
    const response: GraphQLResponse<{ import: Record<string, Page<T>> }> = await gateway.graphql(
      kind === 'messages' ? MESSAGES : RECORDS,
      { id, first, after },
    );
    expect(response.errors, JSON.stringify(response.errors)).toBeUndefined();
    const page = response.data!.import[kind]!;
    nodes.push(...(page.nodes ?? page.edges!.map((edge) => edge.node)));
    if (!page.pageInfo.hasNextPage) return { nodes, pages, available: page.available };
    after = page.pageInfo.endCursor;
  }
  throw new Error('too many pages');
}

export function userErrorsOf<K extends string>(
  response: GraphQLResponse<{ [key in K]: { userErrors: UserErrorView[] } }>,
  field: K,
): UserErrorView[] {
  expect(response.errors, JSON.stringify(response.errors)).toBeUndefined();
  return response.data![field].userErrors;
}

/** Typed asymmetric matchers (vitest's are `any`). */
export const matching = (pattern: RegExp) => expect.stringMatching(pattern) as string;
export const like = <T extends object>(shape: T) => expect.objectContaining(shape as never) as T;

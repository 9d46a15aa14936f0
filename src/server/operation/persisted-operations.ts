import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { parse, validate, type GraphQLError, type GraphQLSchema } from 'graphql';
import { persistedQueryNotFound } from '../../graphql/errors.ts';

/**
 * Persisted-operations-only mode (PERSISTED_OPERATIONS): the gateway runs only documents an
 * operator registered, so a stolen credential cannot send arbitrary queries. It reads one manifest
 * or several (comma-separated), each a JSON object `{ "<id>": "<document>" }` (the id the sha256
 * hex of the document, with or without the `sha256:` prefix graphql-codegen's client preset writes
 * in `persisted-documents.json`), or Apollo's persisted query manifest
 * (`{ "format": "apollo-persisted-query-manifest", "operations": [{ "id", "body" }] }`), which
 * `generate-persisted-query-manifest` writes for Apollo Client apps.
 */
export class PersistedOperations {
  private constructor(private readonly byId: ReadonlyMap<string, string>) {}

  get size(): number {
    return this.byId.size;
  }

  /** Whether every one of these documents (their text) is registered: a client's whole manifest, say. */
  includesAll(documents: Iterable<string>): boolean {
    for (const document of documents) if (this.byId.get(sha256(document)) !== document) return false;
    return true;
  }

  /**
   * Reads and checks the manifests at start: every entry must parse and validate against the
   * schema, an id that looks like a sha256 must be its document's, and an id two manifests both
   * list must name the same document in both.
   */
  static load(files: readonly string[], schema: GraphQLSchema): PersistedOperations {
    const byId = new Map<string, { body: string; file: string }>();
    const register = (id: string, body: string, file: string) => {
      const known = byId.get(id);
      if (known && known.body !== body)
        throw new Error(
          `PERSISTED_OPERATIONS: ${file} and ${known.file} both list the operation ${id}, with different documents.`,
        );
      byId.set(id, { body, file });
    };
    for (const file of files) {
      for (const [id, body] of readManifest(file)) {
        const problems = (() => {
          try {
            return validate(schema, parse(body)).map((error) => error.message);
          } catch (error) {
            return [(error as Error).message];
          }
        })();
        if (problems.length > 0)
          throw new Error(
            `PERSISTED_OPERATIONS: operation ${id} of ${file} is not valid here: ${problems.join(' ')}`,
          );
        const hash = sha256(body);
        const prefixed = /^sha256:/i.test(id);
        const ownId = id.toLowerCase().replace(/^sha256:/, '');
        // An id that looks like a hash is checked as one: otherwise a hand-edited entry could let a
        // client's sha256Hash of one document run another. Other ids (names) are the operator's own.
        if ((prefixed || SHA256_HEX.test(ownId)) && ownId !== hash)
          throw new Error(
            `PERSISTED_OPERATIONS: operation ${id} of ${file} is not the sha256 of its document (that is ${prefixed ? 'sha256:' : ''}${hash}).`,
          );
        register(ownId, body, file);
        // A client may also send the registered text itself; it is known by its hash.
        register(hash, body, file);
      }
    }
    return new PersistedOperations(new Map([...byId].map(([id, { body }]) => [id, body])));
  }

  /**
   * The document a request may run: found by `extensions.persistedQuery.sha256Hash` (Apollo's
   * protocol), `documentId` (the GraphQL-over-HTTP persisted documents proposal, with or without
   * a `sha256:` prefix), or by the hash of a `query` sent in full. Anything else is refused.
   */
  resolve(request: { query?: unknown; extensions?: unknown; documentId?: unknown }): string | GraphQLError {
    const id = requestedId(request);
    if (id !== undefined) {
      const body = this.byId.get(id.toLowerCase().replace(/^sha256:/, ''));
      if (body !== undefined) return body;
      return refused(`No persisted operation has the id ${JSON.stringify(id.slice(0, 80))}.`);
    }
    if (typeof request.query === 'string') {
      const body = this.byId.get(sha256(request.query));
      if (body !== undefined) return body;
    }
    return refused(
      'This gateway runs persisted operations only: send the id of a registered operation ' +
        '(extensions.persistedQuery.sha256Hash or documentId) instead of a new document.',
    );
  }
}

const SHA256_HEX = /^[0-9a-f]{64}$/;

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

const refused = (message: string): GraphQLError => persistedQueryNotFound(message);

function requestedId(request: { extensions?: unknown; documentId?: unknown }): string | undefined {
  if (typeof request.documentId === 'string') return request.documentId;
  const extensions = request.extensions as { persistedQuery?: { sha256Hash?: unknown } } | undefined;
  const hash = extensions?.persistedQuery?.sha256Hash;
  return typeof hash === 'string' ? hash : undefined;
}

/** One manifest's entries, or an error naming the file and what is wrong with it. */
/** The `[id, document]` entries of one manifest file, or an error saying why it cannot be read. */
export function readManifest(file: string): [string, string][] {
  let manifest: unknown;
  try {
    manifest = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(`PERSISTED_OPERATIONS: cannot read ${file} as JSON (${(error as Error).message}).`);
  }
  const entries = manifestEntries(manifest);
  if (!entries)
    throw new Error(
      `PERSISTED_OPERATIONS: ${file} must be an object of sha256 → document (graphql-codegen's persisted-documents.json), or an Apollo persisted query manifest.`,
    );
  return entries;
}

function manifestEntries(manifest: unknown): [string, string][] | undefined {
  if (!manifest || typeof manifest !== 'object' || Array.isArray(manifest)) return undefined;
  const apollo = manifest as { format?: unknown; operations?: unknown };
  if (apollo.format === 'apollo-persisted-query-manifest') {
    if (!Array.isArray(apollo.operations)) return undefined;
    const entries = (apollo.operations as { id?: unknown; body?: unknown }[]).map((operation) =>
      typeof operation.id === 'string' && typeof operation.body === 'string'
        ? ([operation.id, operation.body] as [string, string])
        : undefined,
    );
    return entries.every((entry) => entry !== undefined) ? entries : undefined;
  }
  const entries = Object.entries(manifest);
  return entries.every(([, body]) => typeof body === 'string') ? (entries as [string, string][]) : undefined;
}

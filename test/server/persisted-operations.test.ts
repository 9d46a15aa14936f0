import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { buildGatewaySchema } from '../../src/graphql/schema.ts';
import { PersistedOperations } from '../../src/server/operation/persisted-operations.ts';

const schema = buildGatewaySchema();
const dir = mkdtempSync(join(tmpdir(), 'persisted-manifests-'));
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const providers = 'query Providers { providers { provider enabled } }';
const count = 'query Count { imports { totalCount } }';
/** The client preset's manifest of the example client kit (codegen.yml). */
const EXAMPLES_MANIFEST = fileURLToPath(
  new URL('../../examples/client/generated/persisted-documents.json', import.meta.url),
);

function manifest(name: string, content: unknown): string {
  const file = join(dir, name);
  writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
  return file;
}

const resolved = (operations: PersistedOperations, hash: string) =>
  operations.resolve({ extensions: { persistedQuery: { version: 1, sha256Hash: hash } } });

describe('PERSISTED_OPERATIONS manifests', () => {
  it("takes graphql-codegen's persisted-documents.json, whose ids carry the sha256: prefix", () => {
    const generated = JSON.parse(readFileSync(EXAMPLES_MANIFEST, 'utf8')) as Record<string, string>;
    const operations = PersistedOperations.load([EXAMPLES_MANIFEST], schema);
    expect(Object.keys(generated).length).toBeGreaterThan(0);
    for (const [id, body] of Object.entries(generated)) {
      expect(id).toMatch(/^sha256:[0-9a-f]{64}$/);
      expect(resolved(operations, id.slice('sha256:'.length))).toBe(body);
      expect(operations.resolve({ documentId: id })).toBe(body);
    }
  });

  it('reads several, comma-separated, and runs the operations of each', () => {
    const plain = manifest('plain.json', { [sha256(providers)]: providers });
    const apollo = manifest('apollo.json', {
      format: 'apollo-persisted-query-manifest',
      version: 1,
      operations: [{ id: sha256(count), name: 'Count', type: 'query', body: count }],
    });
    const files = loadConfig({ PERSISTED_OPERATIONS: ` ${plain}, ${apollo},${EXAMPLES_MANIFEST}` }).security
      .persistedOperationsFiles;
    expect(files).toEqual([plain, apollo, EXAMPLES_MANIFEST]);
    const operations = PersistedOperations.load(files, schema);
    expect(resolved(operations, sha256(providers))).toBe(providers);
    expect(resolved(operations, sha256(count))).toBe(count);
    expect(resolved(operations, 'ab'.repeat(32))).toMatchObject({
      extensions: { code: 'PERSISTED_QUERY_NOT_FOUND' },
    });
  });

  it('takes the same operation listed in two manifests, and refuses one id with two documents, naming both files', () => {
    const first = manifest('first.json', { [sha256(providers)]: providers });
    const again = manifest('again.json', { [`sha256:${sha256(providers)}`]: providers });
    expect(PersistedOperations.load([first, again], schema).size).toBe(1);
    const conflicting = manifest('conflicting.json', { shared: count });
    const other = manifest('other.json', { shared: providers });
    expect(() => PersistedOperations.load([conflicting, other], schema)).toThrow(
      `PERSISTED_OPERATIONS: ${other} and ${conflicting} both list the operation shared, with different documents.`,
    );
  });

  it('names the file at fault: unreadable, not a manifest, an invalid operation, a sha256 id that is not its hash', () => {
    const good = manifest('good.json', { [sha256(providers)]: providers });
    const missing = join(dir, 'missing.json');
    expect(() => PersistedOperations.load([good, missing], schema)).toThrow(
      new RegExp(`^PERSISTED_OPERATIONS: cannot read ${missing} as JSON`),
    );
    const garbled = manifest('garbled.json', '{ not json');
    expect(() => PersistedOperations.load([garbled], schema)).toThrow(`cannot read ${garbled} as JSON`);
    const list = manifest('list.json', [providers]);
    expect(() => PersistedOperations.load([good, list], schema)).toThrow(
      `PERSISTED_OPERATIONS: ${list} must be an object of sha256 → document`,
    );
    const invalid = manifest('invalid.json', { broken: '{ nosuchfield }' });
    expect(() => PersistedOperations.load([good, invalid], schema)).toThrow(
      `PERSISTED_OPERATIONS: operation broken of ${invalid} is not valid here: Cannot query field "nosuchfield"`,
    );
    const mislabelled = manifest('mislabelled.json', { [`sha256:${sha256(count)}`]: providers });
    expect(() => PersistedOperations.load([mislabelled], schema)).toThrow(
      `PERSISTED_OPERATIONS: operation sha256:${sha256(count)} of ${mislabelled} is not the sha256 of its document (that is sha256:${sha256(providers)}).`,
    );
  });

  it('checks a plain 64-hex id as a hash too, in either kind of manifest, so no hash can run another document', () => {
    const forged = 'f'.repeat(64);
    const handEdited = manifest('hand-edited.json', { [forged]: providers });
    expect(() => PersistedOperations.load([handEdited], schema)).toThrow(
      `PERSISTED_OPERATIONS: operation ${forged} of ${handEdited} is not the sha256 of its document (that is ${sha256(providers)}).`,
    );
    const apollo = manifest('apollo-forged.json', {
      format: 'apollo-persisted-query-manifest',
      version: 1,
      operations: [{ id: sha256(count).toUpperCase(), name: 'Count', type: 'query', body: providers }],
    });
    expect(() => PersistedOperations.load([apollo], schema)).toThrow(
      `PERSISTED_OPERATIONS: operation ${sha256(count).toUpperCase()} of ${apollo} is not the sha256 of its document`,
    );
    // Upper-case hex of the right document is the same hash; a name that is not hex stays the operator's own id.
    const named = manifest('named.json', { [sha256(providers).toUpperCase()]: providers, Count: count });
    const operations = PersistedOperations.load([named], schema);
    expect(resolved(operations, sha256(providers))).toBe(providers);
    expect(operations.resolve({ documentId: 'Count' })).toBe(count);
  });
});

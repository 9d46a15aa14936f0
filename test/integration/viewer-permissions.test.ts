import { beforeAll, describe, expect, it } from 'vitest';
import { encodeImportId } from '../../src/imports/global-id.ts';
import { useGateway } from '../support/gateway.ts';
import { API_KEYS, apiKeyEntry } from '../support/secrets.ts';
import { postAs } from '../support/two-callers.ts';

/**
 * `viewerCanInterrupt` and `viewerCanDelete` against what `interruptImport` and `deleteImport` do,
 * through HTTP, for a caller with `imports:write` and one without, over imports of every vendor.
 */
const gateway = useGateway({
  imports: 20,
  env: {
    GATEWAY_API_KEYS: [
      apiKeyEntry('reader', API_KEYS.reader, 'imports:read'),
      apiKeyEntry('writer', API_KEYS.writer, 'imports:read+imports:write'),
    ].join(','),
  },
});

type Caller = 'reader' | 'writer';

interface Permissions {
  id: string;
  provider: string;
  status: string;
  terminal: boolean;
  viewerCanInterrupt: boolean;
  viewerCanDelete: boolean;
}

const PERMISSIONS = `query ($ids: [ID!]) {
  imports(first: 100, filter: { ids: $ids }) {
    nodes { id provider status terminal viewerCanInterrupt viewerCanDelete }
  }
}`;

async function permissionsAs(caller: Caller, ids?: string[]): Promise<Permissions[]> {
  const response = await postAs<{ imports: { nodes: Permissions[] } }>(gateway.url, caller, PERMISSIONS, {
    ids,
  });
  expect(response.errors).toBeUndefined();
  return response.data!.imports.nodes;
}

const INTERRUPT = `mutation ($id: ID!) {
  interruptImport(input: { id: $id }) { import { status } userErrors { errorCode message } }
}`;
const DELETE = `mutation ($id: ID!) {
  deleteImport(input: { id: $id }) { deletedId userErrors { errorCode message } }
}`;

interface Outcome {
  payload: { userErrors: { errorCode: string }[] } | null;
  topLevel: string | undefined;
}

async function mutate(caller: Caller, mutation: string, field: string, id: string): Promise<Outcome> {
  const response = await postAs<Record<string, { userErrors: { errorCode: string }[] }>>(
    gateway.url,
    caller,
    mutation,
    {
      id,
    },
  );
  return {
    payload: response.data?.[field] ?? null,
    topLevel: response.errors?.[0]?.extensions?.code as string,
  };
}

const succeeded = (outcome: Outcome) =>
  outcome.topLevel === undefined && outcome.payload !== null && outcome.payload.userErrors.length === 0;

describe('viewerCanInterrupt and viewerCanDelete', () => {
  const pending: string[] = [];
  beforeAll(async () => {
    // Pending Commerce Layer imports stay pending on the manual clock.
    for (let index = 0; index < 3; index++) {
      const added = await gateway.control<{ id: string; attributes: { created_at: string } }>(
        'commercelayer',
        'POST',
        '/__sim/imports',
        { status: 'pending', resource_type: 'skus', inputs_size: 5 },
      );
      pending.push(
        encodeImportId({
          provider: 'COMMERCE_LAYER',
          providerId: added.id,
          createdAt: new Date(added.attributes.created_at),
        }),
      );
    }
  });

  it('are false for a caller without imports:write, whose mutations are FORBIDDEN', async () => {
    const nodes = await permissionsAs('reader');
    expect(nodes.length).toBeGreaterThan(0);
    expect(nodes.every((node) => !node.viewerCanInterrupt && !node.viewerCanDelete)).toBe(true);
    expect((await mutate('reader', INTERRUPT, 'interruptImport', pending[0]!)).topLevel).toBe('FORBIDDEN');
    expect((await mutate('reader', DELETE, 'deleteImport', pending[0]!)).topLevel).toBe('FORBIDDEN');
  });

  it('follow the vendor and the state for a writer: only Commerce Layer, interrupt only while not terminal', async () => {
    const nodes = await permissionsAs('writer');
    for (const node of nodes) {
      const commerceLayer = node.provider === 'COMMERCE_LAYER';
      expect(node.viewerCanInterrupt, JSON.stringify(node)).toBe(commerceLayer && !node.terminal);
      expect(node.viewerCanDelete, JSON.stringify(node)).toBe(commerceLayer);
    }
    const kinds = new Set(nodes.map((node) => `${node.provider} ${node.viewerCanInterrupt}`));
    expect(kinds).toContain('COMMERCE_LAYER true');
    expect(kinds).toContain('COMMERCE_LAYER false');
    expect(kinds).toContain('FLEETIO false');
    expect(kinds).toContain('SAILPOINT false');
  });

  it('agree with the mutations: interruptImport works exactly when viewerCanInterrupt is true', async () => {
    const nodes = await permissionsAs('writer');
    const sample = [
      ...pending.slice(0, 2).map((id) => nodes.find((node) => node.id === id)!),
      ...['COMMERCE_LAYER', 'FLEETIO', 'SAILPOINT'].map((provider) =>
        nodes.find((node) => node.provider === provider && node.terminal)!,
      ),
      nodes.find((node) => node.provider === 'FLEETIO' && !node.terminal) ??
        nodes.find((node) => node.provider === 'SAILPOINT' && !node.terminal)!,
    ].filter((node) => node !== undefined);
    expect(sample.filter((node) => node.viewerCanInterrupt).length).toBeGreaterThanOrEqual(2);
    expect(sample.filter((node) => !node.viewerCanInterrupt).length).toBeGreaterThanOrEqual(3);
    for (const node of sample) {
      const outcome = await mutate('writer', INTERRUPT, 'interruptImport', node.id);
      expect(succeeded(outcome), `${JSON.stringify(node)} → ${JSON.stringify(outcome)}`).toBe(
        node.viewerCanInterrupt,
      );
    }
    // Once interrupted, an import is terminal: no longer interruptible, still deletable.
    const [after] = await permissionsAs('writer', [pending[0]!]);
    expect(after).toMatchObject({ status: 'CANCELLED', viewerCanInterrupt: false, viewerCanDelete: true });
    expect(succeeded(await mutate('writer', INTERRUPT, 'interruptImport', pending[0]!))).toBe(false);
  });

  it('agree with the mutations: deleteImport works exactly when viewerCanDelete is true', async () => {
    const nodes = await permissionsAs('writer');
    const sample = [
      nodes.find((node) => node.id === pending[2]!)!,
      nodes.find((node) => node.provider === 'COMMERCE_LAYER' && node.terminal)!,
      nodes.find((node) => node.provider === 'FLEETIO')!,
      nodes.find((node) => node.provider === 'SAILPOINT')!,
    ];
    for (const node of sample) {
      const outcome = await mutate('writer', DELETE, 'deleteImport', node.id);
      expect(succeeded(outcome), `${JSON.stringify(node)} → ${JSON.stringify(outcome)}`).toBe(
        node.viewerCanDelete,
      );
      if (!node.viewerCanDelete)
        expect(outcome.payload!.userErrors[0]!.errorCode).toBe('UNSUPPORTED_OPERATION');
    }
  });
});

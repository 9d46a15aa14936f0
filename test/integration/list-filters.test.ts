import { beforeAll, describe, expect, it } from 'vitest';
import { encodeImportId } from '../../src/imports/global-id.ts';
import { addSettledCommerceLayerImport, vendorRequests } from '../support/commercelayer-imports.ts';
import { useGateway } from '../support/gateway.ts';

/**
 * `ImportFilter.ids`, `reference` and `groupId` through HTTP against the simulators: what each
 * vendor is asked (`/__sim/stats`), the answers, the limits, and a check cut after a few vendor
 * pages (ImportSourceState.INCOMPLETE).
 */
const gateway = useGateway({ imports: 40 });

interface Node {
  id: string;
  provider: string;
  providerId: string;
  reference: string | null;
  group: { id: string; part: number; parts: number } | null;
}
interface Listed {
  imports: {
    totalCount: number;
    totalCountPrecision: string;
    sources: { provider: string; state: string }[];
    nodes: Node[];
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
  };
}

const LIST = `query ($filter: ImportFilter, $first: Int, $after: String) {
  imports(first: $first, after: $after, filter: $filter) {
    totalCount totalCountPrecision
    sources { provider state }
    nodes { id provider providerId reference group { id part parts } }
    pageInfo { hasNextPage endCursor }
  }
}`;

const list = (filter: Record<string, unknown>, first = 20, after?: string | null) =>
  gateway.graphql<Listed>(LIST, { filter, first, after });

const at = (minutes: number) => new Date(Date.UTC(2026, 5, 1, 12, minutes)).toISOString();

describe('ImportFilter.reference', () => {
  let wanted = '';
  beforeAll(async () => {
    wanted = await addSettledCommerceLayerImport(gateway, { reference: 'ERP-LIST-1', created_at: at(0) });
    await addSettledCommerceLayerImport(gateway, { reference: 'ERP-LIST-10', created_at: at(1) });
    await addSettledCommerceLayerImport(gateway, { reference: 'erp-list-1', created_at: at(2) });
    await list({}); // tokens and the tie-order probe, once per gateway
  });

  it('is sent to Commerce Layer as reference_eq: one request, exact match, exact count; the others are not asked', async () => {
    await gateway.resetStats();
    const response = await list({ reference: 'ERP-LIST-1' });
    expect(response.errors).toBeUndefined();
    const { nodes, totalCount, totalCountPrecision, sources } = response.data!.imports;
    expect(nodes.map((node) => [node.id, node.reference])).toEqual([[wanted, 'ERP-LIST-1']]);
    expect(totalCount).toBe(1);
    expect(totalCountPrecision).toBe('EXACT');
    expect(sources.map((source) => source.state)).toEqual(['OK', 'OK', 'OK']);
    expect(await vendorRequests(gateway)).toEqual({ fleetio: 0, sailpoint: 0, commercelayer: 1 });
  });

  it('shows each import its reference: Commerce Layer where set, null for Fleetio and SailPoint', async () => {
    const nodes = (await list({}, 100)).data!.imports.nodes;
    const withReference = nodes.filter((node) => node.reference !== null);
    expect(withReference.length).toBeGreaterThan(0);
    expect(new Set(withReference.map((node) => node.provider))).toEqual(new Set(['COMMERCE_LAYER']));
    const truth = await gateway.control<{ id: string; attributes: { reference: string | null } }[]>(
      'commercelayer',
      'GET',
      '/__sim/imports',
    );
    for (const node of nodes.filter((one) => one.provider === 'COMMERCE_LAYER')) {
      const vendor = truth.find((resource) => resource.id === node.providerId)!;
      expect(node.reference, node.providerId).toBe(vendor.attributes.reference);
    }
  });
});

describe('ImportFilter.ids', () => {
  it('lists exactly the imports named, of every vendor, in the list order, with an exact count', async () => {
    const all = (await list({}, 100)).data!.imports.nodes;
    const picked = ['COMMERCE_LAYER', 'FLEETIO', 'SAILPOINT'].flatMap((provider) =>
      all.filter((node) => node.provider === provider).slice(1, 4),
    );
    expect(picked).toHaveLength(9);
    await gateway.resetStats();
    const response = await list({ ids: [...picked.map((node) => node.id).reverse(), picked[0]!.id] });
    expect(response.errors).toBeUndefined();
    const { nodes, totalCount, totalCountPrecision } = response.data!.imports;
    const wanted = new Set(picked.map((node) => node.id));
    expect(nodes.map((node) => node.id)).toEqual(all.filter((node) => wanted.has(node.id)).map((n) => n.id));
    expect(totalCount).toBe(9);
    expect(totalCountPrecision).toBe('EXACT');
    // Commerce Layer: one id_in request for its 3 ids; Fleetio: lookups by creation time, never a walk.
    const asked = await vendorRequests(gateway);
    expect(asked.commercelayer).toBe(1);
    expect(asked.fleetio).toBeLessThanOrEqual(3);

    // Paged two at a time, the same imports in the same order; other conditions apply too.
    const walked: string[] = [];
    let after: string | null = null;
    for (let page = 0; page < 10; page++) {
      const next: Listed['imports'] = (await list({ ids: [...wanted] }, 2, after)).data!.imports;
      walked.push(...next.nodes.map((node) => node.id));
      if (!next.pageInfo.hasNextPage) break;
      after = next.pageInfo.endCursor;
    }
    expect(walked).toEqual(nodes.map((node) => node.id));
    const onlyCommerceLayer = await list({ ids: [...wanted], providers: ['COMMERCE_LAYER'] });
    expect(onlyCommerceLayer.data!.imports.nodes.map((node) => node.provider)).toEqual([
      'COMMERCE_LAYER',
      'COMMERCE_LAYER',
      'COMMERCE_LAYER',
    ]);
  });

  it('leaves out an id whose import is gone, and refuses more than 100 ids or an id this API did not issue', async () => {
    const gone = encodeImportId({
      provider: 'COMMERCE_LAYER',
      providerId: 'NoSuchOne',
      createdAt: new Date(0),
    });
    const response = await list({ ids: [gone] });
    expect(response.errors).toBeUndefined();
    expect(response.data!.imports.nodes).toEqual([]);
    expect(response.data!.imports.totalCount).toBe(0);

    const tooMany = await list({ ids: Array.from({ length: 101 }, () => gone) });
    expect(tooMany.errors?.[0]).toMatchObject({
      message: '`filter.ids` takes at most 100 items, got 101.',
      extensions: { code: 'BAD_USER_INPUT' },
    });
    const forged = await list({ ids: [gone, 'not-an-id'] });
    expect(forged.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(forged.errors?.[0]?.message).toMatch(
      /^`filter\.ids\[1\]`: "not-an-id" is not an id this API issued/,
    );
  });
});

describe('ImportFilter text limits', () => {
  it('refuses a reference or group id over 255 characters, or blank, as BAD_USER_INPUT', async () => {
    for (const name of ['reference', 'groupId']) {
      const long = await list({ [name]: 'x'.repeat(256) });
      expect(long.errors?.[0]).toMatchObject({
        message: `\`filter.${name}\` takes at most 255 characters, got 256.`,
        extensions: { code: 'BAD_USER_INPUT' },
      });
      const blank = await list({ [name]: '  ' });
      expect(blank.errors?.[0]).toMatchObject({
        message: `\`filter.${name}\` is blank: leave it out to match every import.`,
        extensions: { code: 'BAD_USER_INPUT' },
      });
      expect((await list({ [name]: 'x'.repeat(255) })).errors).toBeUndefined();
    }
  });
});

describe('Import.group and ImportFilter.groupId', () => {
  const parts: string[] = [];
  beforeAll(async () => {
    for (let part = 1; part <= 3; part++) {
      parts.push(
        await addSettledCommerceLayerImport(gateway, {
          reference: `nightly-7-${part}`,
          metadata: { group_id: 'nightly-7', progress_number: `${part}/3`, source: 'erp' },
          created_at: at(10),
        }),
      );
    }
    // Another group whose parts' references begin the same way.
    await addSettledCommerceLayerImport(gateway, {
      reference: 'nightly-7-b-1',
      metadata: { group_id: 'nightly-7-b', progress_number: '1/2' },
      created_at: at(11),
    });
  });

  it('lists the parts of one split from one vendor request, each with its part number', async () => {
    await gateway.resetStats();
    const response = await list({ groupId: 'nightly-7' });
    expect(response.errors).toBeUndefined();
    const { nodes, totalCount, sources } = response.data!.imports;
    expect(new Set(nodes.map((node) => node.id))).toEqual(new Set(parts));
    expect(nodes.map((node) => node.group).sort((a, b) => a!.part - b!.part)).toEqual([
      { id: 'nightly-7', part: 1, parts: 3 },
      { id: 'nightly-7', part: 2, parts: 3 },
      { id: 'nightly-7', part: 3, parts: 3 },
    ]);
    expect(totalCount).toBe(3);
    expect(sources.every((source) => source.state === 'OK')).toBe(true);
    const asked = await vendorRequests(gateway);
    expect(asked).toMatchObject({ fleetio: 0, sailpoint: 0 });
    // The list and its count: one reference_start query each, one page (the superset is 4 imports).
    expect(asked.commercelayer).toBeLessThanOrEqual(2);
  });

  it('groups the splits the vendor tools made (the seeded history) the same way', async () => {
    const truth = await gateway.control<{ id: string; attributes: { metadata: Record<string, unknown> } }[]>(
      'commercelayer',
      'GET',
      '/__sim/imports',
    );
    const seeded = truth.filter(
      (resource) =>
        typeof resource.attributes.metadata.group_id === 'string' &&
        !String(resource.attributes.metadata.group_id).startsWith('nightly'),
    );
    if (seeded.length === 0) return; // this seed made no split
    const groupId = String(seeded[0]!.attributes.metadata.group_id);
    const members = seeded.filter((resource) => resource.attributes.metadata.group_id === groupId);
    const nodes = (await list({ groupId }, 20)).data!.imports.nodes;
    expect(nodes.map((node) => node.providerId).sort()).toEqual(members.map((member) => member.id).sort());
    for (const node of nodes) expect(node.group).toMatchObject({ id: groupId, parts: members.length });
  });
});

describe('a check cut after a few vendor pages', () => {
  let match = '';
  beforeAll(async () => {
    // 110 imports whose references begin `wide-` but belong to group `wide-a`, newer than the
    // one part of group `wide`: the vendor cannot tell them apart, the gateway checks each.
    match = await addSettledCommerceLayerImport(gateway, {
      reference: 'wide-1',
      metadata: { group_id: 'wide', progress_number: '1/2' },
      created_at: at(100),
    });
    for (let index = 1; index <= 110; index++) {
      await addSettledCommerceLayerImport(gateway, {
        reference: `wide-a-${index}`,
        metadata: { group_id: 'wide-a', progress_number: `${index}/110` },
        created_at: at(100 + index),
      });
    }
  });

  it('says INCOMPLETE, ends the page where it stopped, and finds the match by paging on', async () => {
    await gateway.resetStats();
    const first = await list({ groupId: 'wide' }, 10);
    expect(first.errors).toBeUndefined();
    const page = first.data!.imports;
    expect(page.nodes).toEqual([]);
    expect(page.sources.find((source) => source.provider === 'COMMERCE_LAYER')!.state).toBe('INCOMPLETE');
    expect(page.sources.filter((source) => source.provider !== 'COMMERCE_LAYER').map((s) => s.state)).toEqual(
      ['OK', 'OK'],
    );
    expect(page.totalCountPrecision).toBe('AT_LEAST');
    expect(page.pageInfo.hasNextPage).toBe(true);
    expect(page.pageInfo.endCursor).not.toBeNull();
    // 4 pages of 25 for the list, as many for the count: never the whole history.
    expect((await vendorRequests(gateway)).commercelayer).toBeLessThanOrEqual(8);

    const next = (await list({ groupId: 'wide' }, 10, page.pageInfo.endCursor)).data!.imports;
    expect(next.nodes.map((node) => node.id)).toEqual([match]);
    expect(next.sources.find((source) => source.provider === 'COMMERCE_LAYER')!.state).toBe('OK');
    expect(next.pageInfo.hasNextPage).toBe(false);
  });
});

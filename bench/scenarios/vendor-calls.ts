import type { GatewayProcess, SimulatorProcess } from '../processes.ts';
import type { TargetCheck } from '../report.ts';
import { control, countVendorRequests, graphql, resetVendorRequests, totalApi } from '../sim-control.ts';

type Page = {
  imports: { edges: { cursor: string }[]; pageInfo: { hasNextPage: boolean; endCursor: string } };
};

/** Pages `imports(first: 25)` to the end; answers the pages and items seen. */
async function walk(gateway: GatewayProcess) {
  let after: string | null = null;
  let pages = 0;
  let items = 0;
  for (;;) {
    const data: Page = await graphql<Page>(
      gateway,
      'query ($after: String) { imports(first: 25, after: $after) { edges { cursor } pageInfo { hasNextPage endCursor } } }',
      { after },
    );
    pages += 1;
    items += data.imports.edges.length;
    if (!data.imports.pageInfo.hasNextPage) return { pages, items };
    after = data.imports.pageInfo.endCursor;
  }
}

/**
 * Scenario 3: vendor requests for a full walk and for 50 node ids; the walk again on `cached`, a
 * gateway with PAGE_CACHE_TTL_MS set explicitly (the page cache is on by default too, for 5 s).
 */
export async function vendorCallsScenario(
  simulators: SimulatorProcess,
  gateway: GatewayProcess,
  cached: GatewayProcess,
  cacheTtlMs: number,
) {
  const fleetioTotal = (await control<unknown[]>(simulators.urls.fleetio, 'GET', '/__sim/imports')).length;
  const commerceTotal = (await control<unknown[]>(simulators.urls.commercelayer, 'GET', '/__sim/imports'))
    .length;
  // Each vendor page fetched once: Fleetio pages hold 100, Commerce Layer pages 25; SailPoint is
  // served from the gateway's registry and needs no list call at all.
  const minimum = Math.ceil(fleetioTotal / 100) + Math.ceil(commerceTotal / 25);

  await resetVendorRequests(simulators);
  const walked = await walk(gateway);
  const walkCounts = await countVendorRequests(simulators);
  await walk(cached); // its tokens and Commerce Layer's tie-order probe, once per process
  await resetVendorRequests(simulators);
  const cachedWalked = await walk(cached);
  const cachedCounts = await countVendorRequests(simulators);

  const firstPage = await graphql<{ imports: { nodes: { id: string; provider: string }[] } }>(
    gateway,
    '{ imports(first: 100, filter: { providers: [FLEETIO, COMMERCE_LAYER] }) { nodes { id provider } } }',
  );
  const ids = [
    ...firstPage.imports.nodes.filter((node) => node.provider === 'FLEETIO').slice(0, 25),
    ...firstPage.imports.nodes.filter((node) => node.provider === 'COMMERCE_LAYER').slice(0, 25),
  ].map((node) => node.id);
  await resetVendorRequests(simulators);
  await graphql(gateway, 'query ($ids: [ID!]!) { nodes(ids: $ids) { id } }', { ids });
  const nodes = await countVendorRequests(simulators);

  const walkTotal = totalApi(walkCounts);
  const ratio = walkTotal / minimum;
  const cachedTotal = totalApi(cachedCounts);
  const cachedRatio = cachedTotal / minimum;
  const table = [
    '## 3. Vendor calls',
    '',
    '| query | Fleetio | SailPoint | Commerce Layer | total | minimum | ratio |',
    '|---|---|---|---|---|---|---|',
    `| full walk, first: 25 (${walked.pages} pages, ${walked.items} imports) | ${walkCounts.fleetio.api} | ${walkCounts.sailpoint.api} | ${walkCounts.commercelayer.api} | ${walkTotal} | ${minimum} | ${ratio.toFixed(2)} × |`,
    `| the same walk, PAGE_CACHE_TTL_MS=${cacheTtlMs} (${cachedWalked.pages} pages, ${cachedWalked.items} imports) | ${cachedCounts.fleetio.api} | ${cachedCounts.sailpoint.api} | ${cachedCounts.commercelayer.api} | ${cachedTotal} | ${minimum} | ${cachedRatio.toFixed(2)} × |`,
    `| nodes, ${ids.length} ids (25 Fleetio + 25 Commerce Layer) | ${nodes.fleetio.api} | ${nodes.sailpoint.api} | ${nodes.commercelayer.api} | ${totalApi(nodes)} | 2 | ${(totalApi(nodes) / 2).toFixed(2)} × |`,
    '',
    'Token requests are not counted (one per token lifetime). Minimum: each vendor page fetched once',
    'The page cache is on by default (5 s): within the TTL the next page shows what the vendors answered',
    'for the previous one (README.md, Pages and the page cache).',
    `(${fleetioTotal} Fleetio imports in pages of 100, ${commerceTotal} Commerce Layer imports in pages of 25).`,
    '',
  ].join('\n');
  const targets: TargetCheck[] = [
    {
      name: 'Vendor requests for a full walk / minimum (default settings)',
      value: ratio,
      unit: '×',
      target: '≤ 1.1',
      pass: ratio <= 1.1,
    },
    {
      name: `Vendor requests for a full walk / minimum (PAGE_CACHE_TTL_MS=${cacheTtlMs})`,
      value: cachedRatio,
      unit: '×',
      target: '≤ 1.1',
      pass: cachedRatio <= 1.1,
    },
    {
      name: 'Vendor requests for 50 nodes ids (two provider batches)',
      value: totalApi(nodes),
      unit: 'requests',
      target: '≤ 2',
      pass: nodes.fleetio.api <= 1 && nodes.commercelayer.api <= 1,
    },
  ];
  const routes = (counts: typeof nodes) =>
    Object.fromEntries(Object.entries(counts).map(([provider, value]) => [provider, value.routes]));
  return {
    results: {
      walk: routes(walkCounts),
      walkTotal,
      minimum,
      ratio,
      cachedWalk: {
        pageCacheTtlMs: cacheTtlMs,
        requests: routes(cachedCounts),
        total: cachedTotal,
        ratio: cachedRatio,
      },
      pages: walked.pages,
      items: walked.items,
      nodes: routes(nodes),
      nodesTotal: totalApi(nodes),
    },
    table,
    targets,
  };
}

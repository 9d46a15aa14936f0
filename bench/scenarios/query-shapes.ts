/**
 * "No query shape makes N+1 calls": vendor requests per query shape, each against a bound stated
 * up front. A list costs vendor pages, never one request per item; a lookup costs one request per
 * provider batch; per-item detail (messages, records) costs one request per item only where the
 * vendor has no endpoint that serves several imports at once, and one per batch where it has.
 */
import type { GatewayProcess, SimulatorProcess } from '../processes.ts';
import type { TargetCheck } from '../report.ts';
import {
  countVendorRequests,
  graphql,
  resetVendorRequests,
  totalApi,
  type VendorCounts,
} from '../sim-control.ts';

export const EVERY_SCALAR = `id provider providerId status providerStatus terminal resourceType fileName format
  createdAt updatedAt startedAt completedAt progress counts { total processed errors warnings }`;

const DETAILS = `messages(first: 5) { edges { cursor node { severity code text subject } } pageInfo { hasNextPage endCursor } }
  records(first: 5) { edges { cursor node { type providerId name } } pageInfo { hasNextPage endCursor } }`;

/** Commerce Layer pages (and `id_in` batches) hold 25 imports, Fleetio pages 100. */
const PAGE = { fleetio: 100, commercelayer: 25 } as const;

interface Listed {
  id: string;
  provider: 'FLEETIO' | 'SAILPOINT' | 'COMMERCE_LAYER';
}

interface Shape {
  name: string;
  /** How the bound is reached, said in the table. */
  rule: string;
  measured: VendorCounts;
  bound: number;
}

const perProvider = (items: Listed[]) => ({
  fleetio: items.filter((item) => item.provider === 'FLEETIO').length,
  commercelayer: items.filter((item) => item.provider === 'COMMERCE_LAYER').length,
});

/**
 * A list page of `size`: per vendor the pages holding size + 1 items, plus one read past the last
 * page (a tie on the last timestamp is only settled by what follows it).
 */
const listBound = (size: number) =>
  Math.ceil((size + 1) / PAGE.fleetio) + 1 + Math.ceil((size + 1) / PAGE.commercelayer) + 1;

/**
 * messages + records of each import: Fleetio serves both per import only (row results; the records
 * redirect and the file it points to), Commerce Layer's logs come for 25 imports at once (`id_in`),
 * and it has no records.
 */
const detailBound = (counts: { fleetio: number; commercelayer: number }) =>
  3 * counts.fleetio + Math.ceil(counts.commercelayer / PAGE.commercelayer);

async function measure(simulators: SimulatorProcess, run: () => Promise<unknown>): Promise<VendorCounts> {
  await resetVendorRequests(simulators);
  await run();
  return countVendorRequests(simulators);
}

export async function queryShapesScenario(simulators: SimulatorProcess, gateway: GatewayProcess) {
  const page = await graphql<{ imports: { nodes: Listed[] } }>(
    gateway,
    '{ imports(first: 25) { nodes { id provider } } }',
  );
  const onPage = perProvider(page.imports.nodes);
  const wide = await graphql<{ imports: { nodes: Listed[] } }>(
    gateway,
    '{ imports(first: 100, filter: { providers: [FLEETIO, COMMERCE_LAYER] }) { nodes { id provider } } }',
  );
  const ids = [
    ...wide.imports.nodes.filter((node) => node.provider === 'FLEETIO').slice(0, 25),
    ...wide.imports.nodes.filter((node) => node.provider === 'COMMERCE_LAYER').slice(0, 25),
  ];
  const byId = perProvider(ids);
  const lookupBound =
    Math.ceil(byId.fleetio / PAGE.fleetio) + Math.ceil(byId.commercelayer / PAGE.commercelayer);
  const aliased = ids
    // 14: the gateway allows 15 aliases per operation (graphql-armor).
    .slice(0, 7)
    .concat(ids.slice(25, 32))
    .map((item, index) => `i${index}: import(id: ${JSON.stringify(item.id)}) { ${EVERY_SCALAR} }`)
    .join('\n');

  const shapes: Shape[] = [
    {
      name: 'imports(first: 25) { totalCount nodes { every scalar } }',
      rule: 'list pages only',
      bound: listBound(25),
      measured: await measure(simulators, () =>
        graphql(
          gateway,
          `{ imports(first: 25) { totalCount totalCountIsEstimate nodes { ${EVERY_SCALAR} } } }`,
        ),
      ),
    },
    {
      name: `imports(first: 25) { nodes { messages(first: 5) records(first: 5) } } (${onPage.fleetio} Fleetio, ${onPage.commercelayer} Commerce Layer)`,
      rule: 'list pages + 3 per Fleetio import + 1 per 25 Commerce Layer imports',
      bound: listBound(25) + detailBound(onPage),
      measured: await measure(simulators, () =>
        graphql(gateway, `{ imports(first: 25) { nodes { ${EVERY_SCALAR} ${DETAILS} } } }`),
      ),
    },
    {
      name: `nodes(ids: ${ids.length}) { …on Import { every scalar, messages, records } }`,
      rule: 'one lookup per provider batch + 3 per Fleetio import + 1 per 25 Commerce Layer imports',
      bound: lookupBound + detailBound(byId),
      measured: await measure(simulators, () =>
        graphql(
          gateway,
          `query ($ids: [ID!]!) { nodes(ids: $ids) { id ... on Import { ${EVERY_SCALAR} ${DETAILS} } } }`,
          { ids: ids.map((item) => item.id) },
        ),
      ),
    },
    {
      name: '14 aliased import(id:) fields (7 Fleetio, 7 Commerce Layer)',
      rule: 'one lookup per provider batch',
      bound: 2,
      measured: await measure(simulators, () => graphql(gateway, `{ ${aliased} }`)),
    },
  ];

  const table = [
    '## 3b. Vendor requests per query shape (N+1 check)',
    '',
    '| query shape | Fleetio | SailPoint | Commerce Layer | total | bound | rule | verdict |',
    '|---|---|---|---|---|---|---|---|',
    ...shapes.map(
      (shape) =>
        `| ${shape.name} | ${shape.measured.fleetio.api} | ${shape.measured.sailpoint.api} | ${shape.measured.commercelayer.api} | ${totalApi(shape.measured)} | ${shape.bound} | ${shape.rule} | ${totalApi(shape.measured) <= shape.bound ? 'PASS' : 'FAIL'} |`,
    ),
    '',
    'SailPoint lists only the jobs registered with the gateway, and the bench registers none.',
    '',
  ].join('\n');
  const failing = shapes.filter((shape) => totalApi(shape.measured) > shape.bound);
  const targets: TargetCheck[] = [
    {
      name: 'Query shapes within their vendor-request bound (no N+1)',
      value: shapes.length - failing.length,
      unit: `of ${shapes.length}`,
      target: 'all',
      pass: failing.length === 0,
    },
  ];
  const results = shapes.map((shape) => ({
    name: shape.name,
    rule: shape.rule,
    bound: shape.bound,
    total: totalApi(shape.measured),
    requests: Object.fromEntries(
      Object.entries(shape.measured).map(([provider, counts]) => [provider, counts.routes]),
    ),
    pass: totalApi(shape.measured) <= shape.bound,
  }));
  return { results, table, targets };
}

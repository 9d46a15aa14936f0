import type { GatewayProcess, SimulatorProcess } from '../processes.ts';
import type { TargetCheck } from '../report.ts';

type Provider = 'fleetio' | 'sailpoint' | 'commercelayer';
const PROVIDERS: Provider[] = ['fleetio', 'sailpoint', 'commercelayer'];

const EVERY_FIELD = `id provider providerId status providerStatus terminal resourceType fileName format
  createdAt updatedAt startedAt completedAt progress counts { total processed errors warnings }`;

async function graphql<T>(
  gateway: GatewayProcess,
  query: string,
  variables?: Record<string, unknown>,
): Promise<T> {
  const response = await fetch(gateway.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data: T; errors?: unknown[] };
  if (body.errors) throw new Error(`gateway errors: ${JSON.stringify(body.errors)}`);
  return body.data;
}

async function control<T>(url: string, method: string, path: string): Promise<T> {
  const response = await fetch(url + path, { method });
  return (await response.json()) as T;
}

/** Vendor requests per provider (token requests listed apart: one per token lifetime). */
async function counted(simulators: SimulatorProcess) {
  const entries = await Promise.all(
    PROVIDERS.map(async (provider) => {
      const { requests } = await control<{ requests: Record<string, number> }>(
        simulators.urls[provider],
        'GET',
        '/__sim/stats',
      );
      const tokens = requests['POST /oauth/token'] ?? 0;
      const total = Object.values(requests).reduce((sum, count) => sum + count, 0);
      return [provider, { api: total - tokens, tokens }] as const;
    }),
  );
  return Object.fromEntries(entries) as Record<Provider, { api: number; tokens: number }>;
}

async function resetStats(simulators: SimulatorProcess) {
  await Promise.all(
    PROVIDERS.map((provider) => control(simulators.urls[provider], 'DELETE', '/__sim/stats')),
  );
}

const sum = (counts: Record<Provider, { api: number }>) =>
  PROVIDERS.reduce((total, provider) => total + counts[provider].api, 0);

/** Scenario 3: vendor requests for a full walk, for 50 node ids, and for a page with every field. */
export async function vendorCallsScenario(simulators: SimulatorProcess, gateway: GatewayProcess) {
  const fleetioTotal = (await control<unknown[]>(simulators.urls.fleetio, 'GET', '/__sim/imports')).length;
  const commerceTotal = (await control<unknown[]>(simulators.urls.commercelayer, 'GET', '/__sim/imports'))
    .length;
  // Each vendor page fetched once: Fleetio pages hold 100, Commerce Layer pages 25; SailPoint is
  // served from the gateway's registry and needs no list call at all.
  const minimum = Math.ceil(fleetioTotal / 100) + Math.ceil(commerceTotal / 25);

  await resetStats(simulators);
  let after: string | null = null;
  let pages = 0;
  let items = 0;
  for (;;) {
    type Page = {
      imports: { edges: { cursor: string }[]; pageInfo: { hasNextPage: boolean; endCursor: string } };
    };
    const data: Page = await graphql<Page>(
      gateway,
      'query ($after: String) { imports(first: 25, after: $after) { edges { cursor } pageInfo { hasNextPage endCursor } } }',
      { after },
    );
    pages += 1;
    items += data.imports.edges.length;
    if (!data.imports.pageInfo.hasNextPage) break;
    after = data.imports.pageInfo.endCursor;
  }
  const walk = await counted(simulators);

  const firstPage = await graphql<{ imports: { nodes: { id: string; provider: string }[] } }>(
    gateway,
    '{ imports(first: 100, filter: { providers: [FLEETIO, COMMERCE_LAYER] }) { nodes { id provider } } }',
  );
  const ids = [
    ...firstPage.imports.nodes.filter((node) => node.provider === 'FLEETIO').slice(0, 25),
    ...firstPage.imports.nodes.filter((node) => node.provider === 'COMMERCE_LAYER').slice(0, 25),
  ].map((node) => node.id);
  await resetStats(simulators);
  await graphql(gateway, 'query ($ids: [ID!]!) { nodes(ids: $ids) { id } }', { ids });
  const nodes = await counted(simulators);

  await resetStats(simulators);
  await graphql(gateway, `{ imports(first: 25) { totalCount edges { node { ${EVERY_FIELD} } } } }`);
  const everyField = await counted(simulators);

  const walkTotal = sum(walk);
  const ratio = walkTotal / minimum;
  const table = [
    '## 3. Vendor calls',
    '',
    '| query | Fleetio | SailPoint | Commerce Layer | total | minimum |',
    '|---|---|---|---|---|---|',
    `| full walk, first: 25 (${pages} pages, ${items} imports) | ${walk.fleetio.api} | ${walk.sailpoint.api} | ${walk.commercelayer.api} | ${walkTotal} | ${minimum} |`,
    `| nodes, ${ids.length} ids (25 Fleetio + 25 Commerce Layer) | ${nodes.fleetio.api} | ${nodes.sailpoint.api} | ${nodes.commercelayer.api} | ${sum(nodes)} | 2 |`,
    `| first: 25 with every field and totalCount | ${everyField.fleetio.api} | ${everyField.sailpoint.api} | ${everyField.commercelayer.api} | ${sum(everyField)} | – |`,
    '',
    'Token requests are not counted (one per token lifetime).',
    '',
  ].join('\n');
  const targets: TargetCheck[] = [
    {
      name: 'Vendor requests for a full walk / minimum',
      value: ratio,
      unit: '×',
      target: '≤ 1.1',
      pass: ratio <= 1.1,
    },
    {
      name: 'Vendor requests for 50 nodes ids (two provider batches)',
      value: sum(nodes),
      unit: 'requests',
      target: '≤ 2',
      pass: nodes.fleetio.api <= 1 && nodes.commercelayer.api <= 1,
    },
  ];
  return { results: { walk, walkTotal, minimum, pages, items, nodes, everyField }, table, targets };
}

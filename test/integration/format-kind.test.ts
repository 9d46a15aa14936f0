import { describe, expect, it } from 'vitest';
import { useGateway } from '../support/gateway.ts';

/** `Import.formatKind` beside the vendor's `format`, for imports of every simulator, through HTTP. */
const gateway = useGateway({ imports: 40 });

describe('Import.formatKind', () => {
  it("names JSON and CSV for every vendor, null for any other format, and keeps the vendor's text", async () => {
    const response = await gateway.graphql<{
      imports: { nodes: { provider: string; format: string | null; formatKind: string | null }[] };
    }>('{ imports(first: 100) { nodes { provider format formatKind } } }');
    expect(response.errors).toBeUndefined();
    const nodes = response.data!.imports.nodes;
    for (const node of nodes) {
      const lower = node.format?.toLowerCase();
      const expected = lower === 'json' ? 'JSON' : lower === 'csv' ? 'CSV' : null;
      expect(node.formatKind, JSON.stringify(node)).toBe(expected);
    }
    const kinds = new Set(nodes.map((node) => `${node.provider} ${node.formatKind}`));
    expect(kinds).toContain('COMMERCE_LAYER JSON');
    expect(kinds).toContain('SAILPOINT JSON');
    expect([...kinds].some((kind) => kind.endsWith(' CSV'))).toBe(true);
  });
});

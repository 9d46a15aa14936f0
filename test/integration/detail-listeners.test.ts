import { describe, expect, it } from 'vitest';
import { useGateway } from '../support/gateway.ts';

const gateway = useGateway({ imports: 60 });

describe('nested detail fields on a long list', () => {
  it('reads messages and records of 50 imports without piling listeners onto the request signal', async () => {
    const warnings: Error[] = [];
    const onWarning = (warning: Error) => warnings.push(warning);
    process.on('warning', onWarning);
    try {
      const response = await gateway.graphql<{ imports: { nodes: { messages: { available: boolean } }[] } }>(
        `{ imports(first: 50) {
          nodes { provider messages(first: 1) { available } records(first: 1) { available } } } }`,
      );
      expect(response.errors, JSON.stringify(response.errors)).toBeUndefined();
      expect(response.data!.imports.nodes).toHaveLength(50);
      // Warnings are emitted on the next tick.
      await new Promise((resolve) => setImmediate(resolve));
    } finally {
      process.off('warning', onWarning);
    }
    expect(warnings.map((warning) => `${warning.name}: ${warning.message}`)).toEqual([]);
  });
});

import { serverAudits } from 'graphql-http';
import { describe, expect, it } from 'vitest';
import { useGateway } from '../support/gateway.ts';

const gateway = useGateway({ imports: 3 });

/**
 * Warnings we accept, for the reason Apollo Server's own test suite gives: for a client that
 * accepts only `application/json`, the spec says a parse, validation or variable-coercion failure
 * SHOULD come back as 200 (legacy behaviour); Apollo answers 400, which tells such clients plainly
 * that the request itself was wrong. Clients accepting `application/graphql-response+json` get the
 * spec's 400 either way. Errors (MUST clauses) are never accepted.
 */
describe('GraphQL over HTTP audits (graphql-http)', () => {
  it('has no error-level result', async () => {
    const failures: string[] = [];
    const warnings: string[] = [];
    for (const audit of serverAudits({ url: () => `${gateway.url}/graphql`, fetchFn: fetch })) {
      const result = await audit.fn();
      if (result.status === 'error') failures.push(`${audit.name}: ${result.reason}`);
      if (result.status === 'warn') warnings.push(`${audit.name}: ${result.reason}`);
    }
    expect(failures).toEqual([]);
    // Recorded so a change in what we warn about is visible in the test output.
    if (warnings.length > 0)
      process.stderr.write(`graphql-http audit warnings:\n- ${warnings.join('\n- ')}\n`);
  });
});

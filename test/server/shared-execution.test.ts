import type { ExecutionResult } from 'graphql';
import { describe, expect, it } from 'vitest';
import { sharedExecution } from '../../src/server/operation/shared-execution.ts';

describe('sharedExecution', () => {
  it('resolves one event once per document, variables and principal, however many subscribers ask', async () => {
    let runs = 0;
    const run = () => {
      runs += 1;
      return Promise.resolve<ExecutionResult>({ data: { runs } });
    };
    const event = { import: { providerId: 'a' } };
    const results = await Promise.all(
      Array.from({ length: 200 }, () => sharedExecution(event, 'doc-1', run)),
    );
    expect(runs).toBe(1);
    expect(new Set(results).size).toBe(1);
    // Another document (or variables, or principal) is another execution; so is another event.
    await sharedExecution(event, 'doc-2', run);
    await sharedExecution({ import: { providerId: 'a' } }, 'doc-1', run);
    expect(runs).toBe(3);
    // A value that cannot key a cache is resolved each time.
    await sharedExecution(undefined, 'doc-1', run);
    await sharedExecution(undefined, 'doc-1', run);
    expect(runs).toBe(5);
  });
});

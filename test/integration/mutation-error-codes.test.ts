/**
 * Mutations' `userErrors` carry the typed code and whether to retry, and a vendor failure that is
 * a top-level error carries `retryable` and `retryAfterSeconds` in its extensions (README, Errors).
 */
import { describe, expect, it } from 'vitest';
import { useGateway } from '../support/gateway.ts';

const gateway = useGateway({ imports: 3, providers: ['fleetio', 'commercelayer'] });

const CREATE = `mutation ($input: CreateImportInput!) {
  createImport(input: $input) {
    imports { id }
    userErrors { field message code errorCode retryable retryAfterSeconds }
  }
}`;

interface Payload {
  createImport: {
    imports: { id: string }[];
    userErrors: {
      field: string[] | null;
      message: string;
      code: string;
      errorCode: string;
      retryable: boolean;
      retryAfterSeconds: number | null;
    }[];
  } | null;
}

const skus = (count: number, prefix: string) =>
  Array.from({ length: count }, (_, index) => ({ code: `${prefix}-${index}` }));

async function withCommerceLayerFault<T>(fault: Record<string, unknown>, work: () => Promise<T>): Promise<T> {
  // A token first, so that the request the fault hits is the creation itself.
  await gateway.graphql('{ imports(first: 1) { nodes { id } } }');
  await gateway.control('commercelayer', 'PUT', '/__sim/faults', fault);
  try {
    return await work();
  } finally {
    await gateway.control('commercelayer', 'DELETE', '/__sim/faults');
  }
}

describe('userErrors', () => {
  it('an operation the provider does not offer: UNSUPPORTED_OPERATION, not worth retrying', async () => {
    const response = await gateway.graphql<Payload>(CREATE, { input: { provider: 'FLEETIO' } });
    expect(response.errors).toBeUndefined();
    expect(response.data!.createImport!.userErrors).toEqual([
      expect.objectContaining({
        field: ['input', 'provider'],
        code: 'UNSUPPORTED_OPERATION',
        errorCode: 'UNSUPPORTED_OPERATION',
        retryable: false,
        retryAfterSeconds: null,
      }),
    ]);
  });

  it('a creation whose answer was lost: UPSTREAM_UNAVAILABLE, worth retrying under the same key', async () => {
    const input = {
      provider: 'COMMERCE_LAYER',
      resourceType: 'skus',
      inputs: skus(2, 'CODES'),
      idempotencyKey: 'error-codes-lost-1',
    };
    const response = await withCommerceLayerFault({ resetRate: 1 }, () =>
      gateway.graphql<Payload>(CREATE, { input }),
    );
    expect(response.errors).toBeUndefined();
    expect(response.data!.createImport!.userErrors).toEqual([
      expect.objectContaining({
        code: 'UPSTREAM_UNAVAILABLE',
        errorCode: 'UPSTREAM_UNAVAILABLE',
        retryable: true,
      }),
    ]);
  });
});

describe('a top-level vendor error of a mutation', () => {
  it('RATE_LIMITED before anything was created: retryable, with the vendor’s Retry-After', async () => {
    const input = { provider: 'COMMERCE_LAYER', resourceType: 'skus', inputs: skus(2, 'LIMITED') };
    const response = await withCommerceLayerFault(
      { errorRate: 1, errorStatus: 429, retryAfterSeconds: 40 },
      () => gateway.graphql<Payload>(CREATE, { input }),
    );
    expect(response.data).toBeNull();
    expect(response.errors).toHaveLength(1);
    expect(response.errors![0]!.extensions).toMatchObject({
      code: 'RATE_LIMITED',
      retryable: true,
      retryAfterSeconds: 40,
      provider: 'COMMERCE_LAYER',
      upstream: { status: 429, retryAfterSeconds: 40 },
    });
  });
});

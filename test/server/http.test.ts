import { describe, expect, it } from 'vitest';
import { useGateway } from '../support/gateway.ts';

const gateway = useGateway({ imports: 5 });

describe('HTTP surface', () => {
  it('answers /healthz and /readyz', async () => {
    const health = await fetch(`${gateway.url}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok' });
    const ready = await fetch(`${gateway.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({
      status: 'ready',
      providers: { FLEETIO: 'healthy', SAILPOINT: 'healthy', COMMERCE_LAYER: 'healthy' },
    });
  });

  it('serves the playground to browsers, with its assets inlined', async () => {
    const response = await fetch(`${gateway.url}/graphql`, { headers: { accept: 'text/html' } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/html');
    const html = await response.text();
    expect(html).toContain('<title>Import gateway</title>');
    // No script or stylesheet is fetched from another host.
    expect(html).not.toMatch(/<script[^>]+src="https?:/);
    expect(html).not.toMatch(/<link[^>]+href="https?:/);
  });

  it('needs a non-simple header on GET queries (CSRF prevention)', async () => {
    const query = encodeURIComponent('{ providers { provider } }');
    const simple = await fetch(`${gateway.url}/graphql?query=${query}`);
    expect(simple.status).toBe(400);
    const preflighted = await fetch(`${gateway.url}/graphql?query=${query}`, {
      headers: { 'apollo-require-preflight': 'true' },
    });
    expect(preflighted.status).toBe(200);
    expect(((await preflighted.json()) as { data: { providers: unknown[] } }).data.providers).toHaveLength(3);
  });

  it('refuses malformed JSON, oversized bodies and unknown paths with clear errors', async () => {
    const malformed = await fetch(`${gateway.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"query": ',
    });
    expect(malformed.status).toBe(400);
    expect(await malformed.json()).toEqual({
      errors: [
        {
          message: 'The request body is not valid JSON.',
          extensions: { code: 'BAD_REQUEST', retryable: false },
        },
      ],
    });
    const huge = await fetch(`${gateway.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: `{ providers { provider } }`, padding: 'x'.repeat(11 * 1024 * 1024) }),
    });
    expect(huge.status).toBe(413);
    const nowhere = await fetch(`${gateway.url}/nowhere`);
    expect(nowhere.status).toBe(404);
  });

  it('never leaks a stack trace for a query that does not parse', async () => {
    const response = await gateway.graphql('{ imports(first: ) }');
    expect(response.errors?.[0]?.extensions?.code).toBe('GRAPHQL_PARSE_FAILED');
    expect(JSON.stringify(response)).not.toContain('stacktrace');
  });
});

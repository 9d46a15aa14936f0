import { describe, expect, it } from 'vitest';
import { movesPath, vendorPath } from '../../../src/providers/http/vendor-path.ts';

describe('vendor paths', () => {
  it('encodes each segment, so an id stays inside its own', () => {
    expect(vendorPath('v1', 'imports', '31007', 'records')).toBe('/v1/imports/31007/records');
    expect(vendorPath('imports', 'a/b?c#d%e')).toBe('/imports/a%2Fb%3Fc%23d%25e');
  });

  it('finds every dot segment a URL parser would resolve, whatever its spelling', () => {
    const base = 'https://acme.commercelayer.io/api/imports/';
    for (const segment of ['..', '.', '%2e%2e', '%2E.', '.%2e', '%2e']) {
      const url = `${base}${segment}`;
      expect(movesPath(url), url).toBe(true);
      // The check agrees with the parser it guards against: the path really moves.
      expect(new URL(url).pathname, url).not.toBe(`/api/imports/${segment}`);
    }
    expect(movesPath(`https://h/api${vendorPath('imports', '..', 'download')}`)).toBe(true);
    expect(movesPath('https://h/api\\..\\imports')).toBe(true);
    expect(movesPath('not a url')).toBe(true);
  });

  it('lets ordinary vendor URLs through, dots in a query or inside a segment included', () => {
    for (const url of [
      'https://secure.fleetio.com/api/v1/imports?filter[created_at][gte]=2026-01-01T00:00:00.000Z',
      'https://acme.api.identitynow.com/v2025/sp-config/import/4fb10503-1c49-4603-8f8d-886e1f6aa47b',
      'https://acme.commercelayer.io/api/imports?filter[q][id_in]=..',
      'https://h/api/file.json/a..b/...',
      'http://127.0.0.1:4010/api/imports/XAyRWNUzyN',
    ]) {
      expect(movesPath(url), url).toBe(false);
    }
  });
});

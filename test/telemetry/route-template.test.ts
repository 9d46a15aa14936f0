import { describe, expect, it } from 'vitest';
import { COMMERCE_LAYER_ROUTES as COMMERCE_LAYER } from '../../src/providers/commercelayer/routes.ts';
import { FLEETIO_ROUTES } from '../../src/providers/fleetio/routes.ts';
import { SAILPOINT_ROUTES as SAILPOINT } from '../../src/providers/sailpoint/routes.ts';
import { routeTemplate, UNKNOWN_ROUTE } from '../../src/telemetry/route-template.ts';

describe('routeTemplate', () => {
  it('names a vendor request by its template: ids and query left out, however the id looks', () => {
    // A Commerce Layer id may be all lowercase letters: no look-based guess would catch it.
    expect(
      routeTemplate('https://acme.commercelayer.io/api/imports/abcdefghij?include=x', COMMERCE_LAYER),
    ).toBe('/api/imports/{id}');
    expect(
      routeTemplate(
        'https://acme.commercelayer.io/api/imports?filter[q][id_in]=a,b&page[size]=25',
        COMMERCE_LAYER,
      ),
    ).toBe('/api/imports');
    expect(
      routeTemplate('https://acme.api.identitynow.com/v2025/sp-config/import/2c91/download', SAILPOINT),
    ).toBe('/sp-config/import/{id}/download');
    expect(
      routeTemplate('https://acme.api.identitynow.com/v2025/sp-config/import?preview=true', SAILPOINT),
    ).toBe('/sp-config/import');
    // The base URL's own path comes before the template.
    expect(routeTemplate('http://127.0.0.1:9/base/api/v1/imports', FLEETIO_ROUTES)).toBe('/v1/imports');
  });

  it('names a URL no template matches as unlisted, never by its path', () => {
    expect(
      routeTemplate(
        'https://storage.example.com/bucket/records-31007.json?X-Amz-Signature=s',
        FLEETIO_ROUTES,
      ),
    ).toBe(UNKNOWN_ROUTE);
    expect(routeTemplate('https://acme.commercelayer.io/api/imports/a/b', COMMERCE_LAYER)).toBe(
      UNKNOWN_ROUTE,
    );
    expect(routeTemplate('not a url', COMMERCE_LAYER)).toBe(UNKNOWN_ROUTE);
  });
});

import { SeededRandom } from '../core/random.ts';
import type { SimulatorContext, VendorFactory, VendorSimulator } from '../core/vendor.ts';
import { startArrivals } from './arrivals.ts';
import { tokenHandler } from './auth.ts';
import { addImport } from './control-add.ts';
import { serverError } from './errors.ts';
import { CommerceLayerImports } from './imports.ts';
import { resolveOptions, type CommerceLayerOptions } from './options.ts';
import { rateLimitHeaders, rateLimitsFor } from './rate-limits.ts';
import { createImport } from './routes/create-import.ts';
import { deleteImport } from './routes/delete-import.ts';
import { listImports } from './routes/list-imports.ts';
import { retrieveImport } from './routes/retrieve-import.ts';
import { updateImport } from './routes/update-import.ts';
import { seedImports } from './seed.ts';
import { SettingsControl } from './settings.ts';
import { commerceLayerVariations } from './variations.ts';
import { resourceObject } from './wire.ts';

export type { CommerceLayerOptions } from './options.ts';

/**
 * The Commerce Layer imports API: `POST /oauth/token` and the JSON:API resource `/api/imports`
 * (list, create, retrieve, update, delete), with seeded data, a lifecycle on the simulated clock
 * and signed webhooks. Every inferred [I] behaviour is configurable through `CommerceLayerOptions`.
 */
export function createCommerceLayerSimulator(options?: CommerceLayerOptions): VendorFactory {
  const resolved = resolveOptions(options);
  return (context: SimulatorContext): VendorSimulator => {
    const imports = new CommerceLayerImports(context, resolved);
    const settings = new SettingsControl();
    let addRandom = new SeededRandom(context.seed, 'commercelayer:added');
    const seed = () => {
      imports.clear();
      settings.restore();
      addRandom = new SeededRandom(context.seed, 'commercelayer:added');
      seedImports(imports, context.seed, context.seededImports, context.startedAt);
      if (context.arrivals) startArrivals(imports, context.scheduler, context.seed, context.startedAt);
    };
    seed();
    const deps = { imports, tokens: context.tokens, clock: context.clock };
    return {
      provider: 'commercelayer',
      variations: commerceLayerVariations,
      sendsWebhooks: true,
      routes: [
        {
          method: 'POST',
          path: '/oauth/token',
          handler: tokenHandler({ ...deps, options: resolved, organization: imports.organization }),
        },
        { method: 'GET', path: '/api/imports', handler: listImports(deps) },
        { method: 'POST', path: '/api/imports', handler: createImport({ ...deps, settings }) },
        { method: 'GET', path: '/api/imports/{id}', handler: retrieveImport(deps) },
        { method: 'PATCH', path: '/api/imports/{id}', handler: updateImport(deps) },
        { method: 'DELETE', path: '/api/imports/{id}', handler: deleteImport(deps) },
      ],
      errorResponse: (status, reason) => serverError(status, reason),
      rateLimitsFor: (request) => rateLimitsFor(request, resolved.mode),
      rateLimitHeaders,
      snapshot: () => imports.store.all().map((record) => resourceObject(record, imports.wire())),
      add: (attributes) =>
        resourceObject(addImport(imports, attributes, addRandom, context.clock.now()), imports.wire()),
      reset: seed,
      controlRoutes: settings.routes(),
    };
  };
}

export const commerceLayerSimulator: VendorFactory = createCommerceLayerSimulator();

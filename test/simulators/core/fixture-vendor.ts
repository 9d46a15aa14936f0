import { json } from '../../../src/simulators/core/http.ts';
import { SimInputError, type VendorFactory } from '../../../src/simulators/core/vendor.ts';

/**
 * A minimal vendor for testing the shared server on its own: one counter resource whose status
 * moves from `new` to `done` one simulated minute after it is created.
 */
export const fixtureVendor: VendorFactory = (context) => {
  let things: { id: number; status: string; updated_at: string }[] = [];
  const create = (at: number) => {
    const thing = { id: things.length + 1, status: 'new', updated_at: new Date(at).toISOString() };
    things.push(thing);
    context.scheduler.at(at + 60_000, (due) => {
      thing.status = 'done';
      thing.updated_at = new Date(due).toISOString();
    });
    return thing;
  };
  const seed = () => {
    things = [];
    for (let index = 0; index < context.seededImports; index++) create(context.startedAt);
  };
  seed();
  return {
    provider: 'fleetio',
    sendsWebhooks: true,
    routes: [
      { method: 'GET', path: '/things', handler: () => json(200, { things }) },
      { method: 'POST', path: '/things', handler: () => json(201, create(context.clock.now())) },
      { method: 'GET', path: '/things/{id}', handler: (request) => json(200, { id: request.params.id }) },
    ],
    errorResponse: (status, reason) =>
      json(
        status,
        { fixtureError: status, reason: reason.kind },
        reason.kind === 'rate-limited' ? { 'retry-after': String(reason.retryAfterSeconds) } : {},
      ),
    rateLimitsFor: () => ({
      key: 'all',
      rules: [{ name: 'three', limit: 3, windowMs: 60_000, kind: 'fixed' }],
    }),
    rateLimitHeaders: (verdict) => ({ 'x-remaining': String(verdict.remaining) }),
    snapshot: () => things,
    add(attributes) {
      if (attributes.status !== undefined && typeof attributes.status !== 'string') {
        throw new SimInputError('status must be a string');
      }
      const thing = create(context.clock.now());
      if (typeof attributes.status === 'string') thing.status = attributes.status;
      return thing;
    },
    reset: seed,
  };
};

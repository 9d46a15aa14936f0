import { parseFaults, defaultFaults, type FaultDefaults, type FaultSet } from './faults.ts';
import { json, parseJsonBody, type SimRequest, type SimResponse, Router } from './http.ts';
import type { RateLimiter } from './rate-limit.ts';
import type { VariationSwitch } from './variations/variation-switch.ts';
import { SimInputError, type SimulatorContext, type VendorSimulator } from './vendor.ts';

/** State the control API reads and replaces; owned by the simulator server. */
export interface ControlState {
  faults: FaultSet;
  readonly faultDefaults: FaultDefaults;
  readonly stats: Map<string, number>;
  readonly rateLimiter: RateLimiter;
  readonly variations: VariationSwitch;
}

function problem(status: number, message: string): SimResponse {
  return json(status, { error: message });
}

function body(request: SimRequest): { ok: true; value: unknown } | { ok: false; response: SimResponse } {
  const parsed = parseJsonBody(request.body);
  return parsed.ok ? parsed : { ok: false, response: problem(400, parsed.reason) };
}

/**
 * The `/__sim/` routes of the README. They are never subject to faults or rate limits and are
 * not counted in stats, so tests can observe a simulator without disturbing it.
 */
export function createControlRouter(
  vendor: VendorSimulator,
  context: SimulatorContext,
  state: ControlState,
): Router {
  return new Router([
    {
      method: 'GET',
      path: '/__sim/imports',
      handler: () => json(200, state.variations.snapshot(vendor.snapshot())),
    },
    {
      method: 'POST',
      path: '/__sim/imports',
      handler: (request) => {
        const parsed = request.body.length === 0 ? { ok: true as const, value: {} } : body(request);
        if (!parsed.ok) return parsed.response;
        if (typeof parsed.value !== 'object' || parsed.value === null || Array.isArray(parsed.value)) {
          return problem(400, 'The import attributes must be a flat JSON object.');
        }
        try {
          const added = vendor.add(parsed.value as Record<string, unknown>);
          return json(201, state.variations.snapshot([added])[0]);
        } catch (error) {
          if (error instanceof SimInputError) return problem(400, error.message);
          throw error;
        }
      },
    },
    {
      method: 'GET',
      path: '/__sim/clock',
      handler: () =>
        json(200, { mode: context.clock.mode, now: new Date(context.clock.now()).toISOString() }),
    },
    {
      method: 'POST',
      path: '/__sim/clock',
      handler: (request) => {
        const parsed = body(request);
        if (!parsed.ok) return parsed.response;
        const advanceMs = (parsed.value as { advanceMs?: unknown } | null)?.advanceMs;
        if (typeof advanceMs !== 'number' || !Number.isFinite(advanceMs) || advanceMs < 0) {
          return problem(400, 'advanceMs must be a number of milliseconds, 0 or more.');
        }
        context.clock.advance(advanceMs);
        context.scheduler.runDue();
        return json(200, { mode: context.clock.mode, now: new Date(context.clock.now()).toISOString() });
      },
    },
    { method: 'GET', path: '/__sim/faults', handler: () => json(200, state.faults) },
    {
      method: 'PUT',
      path: '/__sim/faults',
      handler: (request) => {
        const parsed = body(request);
        if (!parsed.ok) return parsed.response;
        const faults = parseFaults(parsed.value, state.faultDefaults);
        if (!faults.ok) return problem(400, faults.message);
        state.faults = faults.faults;
        if (faults.expireTokens) context.tokens.expireAll();
        // Limits switched on start from empty windows rather than from requests served while off.
        state.rateLimiter.reset();
        return json(200, state.faults);
      },
    },
    {
      method: 'DELETE',
      path: '/__sim/faults',
      handler: () => {
        state.faults = defaultFaults(state.faultDefaults);
        state.rateLimiter.reset();
        return json(200, state.faults);
      },
    },
    {
      method: 'GET',
      path: '/__sim/stats',
      handler: () => json(200, { requests: Object.fromEntries(state.stats) }),
    },
    {
      method: 'DELETE',
      path: '/__sim/stats',
      handler: () => {
        state.stats.clear();
        return json(200, { requests: {} });
      },
    },
    {
      method: 'PUT',
      path: '/__sim/webhooks',
      handler: (request) => {
        if (!vendor.sendsWebhooks) return problem(404, `The ${vendor.provider} API has no import webhooks.`);
        const parsed = body(request);
        if (!parsed.ok) return parsed.response;
        const { url, secret } = (parsed.value ?? {}) as { url?: unknown; secret?: unknown };
        if (typeof url !== 'string' || !URL.canParse(url) || !/^https?:$/.test(new URL(url).protocol)) {
          return problem(400, 'url must be an http(s) URL.');
        }
        if (typeof secret !== 'string' || secret.length === 0) {
          return problem(400, 'secret must be a non-empty string.');
        }
        context.webhooks.configure({ url, secret });
        return json(200, { url });
      },
    },
    {
      method: 'DELETE',
      path: '/__sim/webhooks',
      handler: () => {
        context.webhooks.configure(undefined);
        return json(200, {});
      },
    },
    {
      method: 'POST',
      path: '/__sim/reset',
      handler: () => {
        context.scheduler.clear();
        vendor.reset();
        context.scheduler.runDue();
        return json(200, { imports: vendor.snapshot().length });
      },
    },
    ...state.variations.routes(),
    ...(vendor.controlRoutes ?? []),
  ]);
}

import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { createClock, type ClockMode, type SimClock } from './clock.ts';
import { createControlRouter, type ControlState } from './control-api.ts';
import { defaultFaults } from './faults.ts';
import { Router, type SimRequest, type SimResponse } from './http.ts';
import { createSimLogger } from './log.ts';
import { SeededRandom } from './random.ts';
import { RateLimiter, type RateLimitVerdict } from './rate-limit.ts';
import { Scheduler } from './scheduler.ts';
import { TokenIssuer } from './tokens.ts';
import type { SimulatorContext, VendorFactory, VendorSimulator } from './vendor.ts';
import { WebhookSender } from './webhooks.ts';
import type { VariationOptions } from './variations/settings.ts';
import { VariationSwitch } from './variations/variation-switch.ts';

export interface SimulatorOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  /** Seed of the generated data (default 1). */
  seed?: number;
  /** Seeded imports (default 60). */
  imports?: number;
  /** A clock shared with other simulators, or the mode of a new one (default `real`). */
  clock?: SimClock | ClockMode;
  /** Added to every vendor response (default 0). */
  latencyMs?: number;
  /** Enforce the vendor's documented rate limits (default true). */
  rateLimits?: boolean;
  /** New imports arrive by themselves (default: with a real clock only). */
  arrivals?: boolean;
  /** No logs on stderr. */
  quiet?: boolean;
  /** Vary the vendor's answers as its documents allow (default off; `GET/PUT /__sim/variations`). */
  variations?: VariationOptions;
}

export interface RunningSimulator {
  readonly provider: VendorSimulator['provider'];
  readonly url: string;
  readonly clock: SimClock;
  close(): Promise<void>;
}

/** Bodies beyond this are refused before parsing; 10,000 Commerce Layer inputs fit well inside. */
const MAX_BODY_BYTES = 64 * 1024 * 1024;

export async function startVendorSimulator(
  factory: VendorFactory,
  options: SimulatorOptions = {},
): Promise<RunningSimulator> {
  const clock = typeof options.clock === 'object' ? options.clock : createClock(options.clock ?? 'real');
  const scheduler = new Scheduler(clock);
  const log = createSimLogger('simulator', options.quiet);
  const context: SimulatorContext = {
    clock,
    startedAt: clock.now(),
    scheduler,
    tokens: new TokenIssuer(clock),
    webhooks: new WebhookSender(log),
    log,
    seed: options.seed ?? 1,
    seededImports: options.imports ?? 60,
    arrivals: options.arrivals ?? clock.mode === 'real',
  };
  const vendor = factory(context);
  scheduler.runDue();
  clock.onAdvance(() => scheduler.runDue());

  const faultDefaults = { latencyMs: options.latencyMs ?? 0, rateLimits: options.rateLimits ?? true };
  const state: ControlState = {
    faults: defaultFaults(faultDefaults),
    faultDefaults,
    stats: new Map(),
    rateLimiter: new RateLimiter(),
    variations: new VariationSwitch(vendor.provider, vendor.variations, options.variations),
  };
  const control = createControlRouter(vendor, context, state);
  const vendorRoutes = new Router(vendor.routes);
  // Faults draw from their own stream so injecting them never changes the generated data.
  const faultRandom = new SeededRandom(context.seed, `${vendor.provider}:faults`);

  const handle = async (incoming: IncomingMessage, outgoing: ServerResponse): Promise<void> => {
    const url = new URL(incoming.url ?? '/', 'http://simulator.invalid');
    const method = (incoming.method ?? 'GET').toUpperCase();
    const body = await readBody(incoming);
    scheduler.runDue();
    const base = {
      method,
      path: url.pathname,
      url,
      query: url.searchParams,
      headers: incoming.headers,
      body: body ?? Buffer.alloc(0),
      remoteAddress: incoming.socket.remoteAddress ?? '',
    };

    if (url.pathname.startsWith('/__sim/')) {
      const match = control.match(method, url.pathname);
      if (match.kind !== 'found') {
        return send(outgoing, {
          status: match.kind === 'not-found' ? 404 : 405,
          body: { error: 'No such control call.' },
        });
      }
      return send(
        outgoing,
        await match.route.handler({ ...base, params: match.params, route: match.route.path }),
      );
    }

    const faults = state.faults;
    const delay =
      faults.latencyMs + (faults.jitterMs > 0 ? (faultRandom.next() * 2 - 1) * faults.jitterMs : 0);
    if (delay > 0) await sleep(Math.max(0, delay));

    const match = vendorRoutes.match(method, url.pathname);
    if (match.kind === 'not-found')
      return send(outgoing, vendor.errorResponse(404, { kind: 'route-not-found' }, base));
    if (match.kind === 'method-not-allowed') {
      return send(
        outgoing,
        vendor.errorResponse(405, { kind: 'method-not-allowed', allowed: match.allowed }, base),
      );
    }
    const template = `${method} ${match.route.path}`;
    state.stats.set(template, (state.stats.get(template) ?? 0) + 1);
    if (body === undefined) {
      return send(
        outgoing,
        vendor.errorResponse(413, { kind: 'body-too-large', limitBytes: MAX_BODY_BYTES }, base),
      );
    }
    const request: SimRequest = { ...base, params: match.params, route: template };

    let verdict: RateLimitVerdict | undefined;
    if (faults.rateLimits) {
      const limits = vendor.rateLimitsFor(request);
      verdict = limits && state.rateLimiter.take(limits.rules, limits.key);
      if (verdict && !verdict.allowed) {
        const refusal = vendor.errorResponse(
          429,
          { kind: 'rate-limited', retryAfterSeconds: verdict.retryAfterSeconds },
          request,
        );
        return send(outgoing, withHeaders(refusal, vendor.rateLimitHeaders?.(verdict)));
      }
    }
    if (faults.errorRate > 0 && faultRandom.chance(faults.errorRate)) {
      const injected = vendor.errorResponse(faults.errorStatus, { kind: 'injected' }, request);
      const retryAfter =
        faults.retryAfterSeconds === null ? undefined : { 'retry-after': String(faults.retryAfterSeconds) };
      return send(outgoing, withHeaders(injected, retryAfter));
    }

    const response = state.variations.response(await match.route.handler(request), request);
    if (faults.resetRate > 0 && faultRandom.chance(faults.resetRate)) {
      // The vendor did the work; the client never hears about it.
      outgoing.socket?.destroy();
      return;
    }
    const headers = verdict ? vendor.rateLimitHeaders?.(verdict) : undefined;
    if (
      faults.malformedRate > 0 &&
      response.status < 300 &&
      response.body !== undefined &&
      faultRandom.chance(faults.malformedRate)
    ) {
      const text = JSON.stringify(response.body);
      return send(
        outgoing,
        withHeaders(
          { ...response, body: undefined, rawBody: text.slice(0, Math.floor(text.length / 2)) },
          headers,
        ),
      );
    }
    send(outgoing, withHeaders(response, headers));
  };

  const server = createServer((incoming, outgoing) => {
    handle(incoming, outgoing).catch((error: unknown) => {
      log.warn(`unhandled simulator error: ${(error as Error).stack ?? String(error)}`);
      if (!outgoing.headersSent) send(outgoing, vendor.errorResponse(500, { kind: 'injected' }));
      else outgoing.destroy();
    });
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const ticker = clock.mode === 'real' ? setInterval(() => scheduler.runDue(), 250).unref() : undefined;
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  log.info(`${vendor.provider} simulator listening on ${url}`);

  return {
    provider: vendor.provider,
    url,
    clock,
    async close() {
      if (ticker) clearInterval(ticker);
      context.webhooks.configure(undefined);
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function withHeaders(response: SimResponse, headers: Record<string, string> | undefined): SimResponse {
  return headers ? { ...response, headers: { ...response.headers, ...headers } } : response;
}

/** Reads the whole body; undefined when it passes the limit (the rest is drained, not buffered). */
async function readBody(incoming: IncomingMessage): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  let tooLarge = false;
  for await (const chunk of incoming as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) tooLarge = true;
    if (!tooLarge) chunks.push(chunk);
  }
  return tooLarge ? undefined : Buffer.concat(chunks);
}

function send(outgoing: ServerResponse, response: SimResponse): void {
  const headers: Record<string, string> = { ...response.headers };
  let payload: string | Buffer | undefined = response.rawBody;
  if (payload === undefined && response.body !== undefined) payload = JSON.stringify(response.body);
  if (payload !== undefined && !Object.keys(headers).some((name) => name.toLowerCase() === 'content-type')) {
    headers['content-type'] = 'application/json; charset=utf-8';
  }
  outgoing.writeHead(response.status, headers);
  outgoing.end(payload);
}

import { json, parseJsonBody, type SimRequest, type SimResponse, type SimRoute } from '../http.ts';
import { SeededRandom } from '../random.ts';
import type { WireProfile } from './profile.ts';
import { varyRepresentation } from './representational.ts';
import { varyMeaning } from './semantic.ts';
import {
  initialVariations,
  parseVariationSettings,
  type VariationOptions,
  type VariationSettings,
} from './settings.ts';

/**
 * The one place a simulator's answers are varied: the shared server passes every JSON answer of a
 * vendor route handler through `response` (error envelopes included), and `/__sim/imports` through `snapshot` (meaning
 * only, so the ground truth tells what the wire tells, in the simulator's own writing).
 */
export class VariationSwitch {
  private settings: VariationSettings;

  constructor(
    private readonly provider: string,
    private readonly profile: WireProfile | undefined,
    options: VariationOptions | undefined,
  ) {
    this.settings = initialVariations(options);
  }

  response(response: SimResponse, request: Pick<SimRequest, 'method' | 'path' | 'url'>): SimResponse {
    const { profile, settings } = this;
    if (!profile || !settings.enabled || response.body === undefined || response.rawBody !== undefined) {
      return response;
    }
    let body: unknown = response.body;
    // Error envelopes vary in their writing too; only a success describes imports to change the meaning of.
    const success = response.status >= 200 && response.status < 300;
    if (success && settings.kinds.includes('semantic')) {
      body = varyMeaning(body, profile.semantic, settings.seed, this.provider);
    }
    if (settings.kinds.includes('representational')) {
      // One stream per request line: the same request is answered in the same writing, whatever came before.
      const stream = `${this.provider}:${request.method} ${request.path}${request.url.search}`;
      body = varyRepresentation(body, profile, new SeededRandom(settings.seed, stream));
    }
    return { ...response, body };
  }

  snapshot(body: unknown[]): unknown[] {
    const { profile, settings } = this;
    if (!profile || !settings.enabled || !settings.kinds.includes('semantic')) return body;
    return varyMeaning(body, profile.semantic, settings.seed, this.provider) as unknown[];
  }

  /** `GET/PUT /__sim/variations`; a PUT changes only the keys it names. */
  routes(): SimRoute[] {
    return [
      { method: 'GET', path: '/__sim/variations', handler: () => json(200, this.settings) },
      {
        method: 'PUT',
        path: '/__sim/variations',
        handler: (request) => {
          if (!this.profile) return json(404, { error: `The ${this.provider} simulator has no variations.` });
          const parsed = parseJsonBody(request.body);
          if (!parsed.ok) return json(400, { error: parsed.reason });
          const next = parseVariationSettings(parsed.value, this.settings);
          if (!next.ok) return json(400, { error: next.message });
          this.settings = next.settings;
          return json(200, this.settings);
        },
      },
    ];
  }
}

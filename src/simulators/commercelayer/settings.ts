import { json, parseJsonBody, type SimRequest, type SimResponse, type SimRoute } from '../core/http.ts';

/**
 * Behaviour a test switches on at run time with `PUT /__sim/settings` (Commerce Layer only).
 * `maxConcurrentImports`: refuse a creation while that many imports are pending or in progress.
 * The vendor's own tools never keep more than 10 queued or running (cli-core `max_queue_length`,
 * sdk-utils `queue_size` [S]); whether the API refuses an 11th is not documented [I], so by
 * default there is no cap (null).
 */
export interface SimulatorSettings {
  maxConcurrentImports: number | null;
}

const DEFAULTS: SimulatorSettings = { maxConcurrentImports: null };

function refused(message: string): SimResponse {
  return json(400, { error: message });
}

function parseSettings(request: SimRequest): SimulatorSettings | SimResponse {
  const parsed = parseJsonBody(request.body);
  if (!parsed.ok) return refused(parsed.reason);
  const value = parsed.value;
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return refused('The settings must be a JSON object, e.g. {"maxConcurrentImports": 10}.');
  const unknown = Object.keys(value).filter((name) => !(name in DEFAULTS));
  if (unknown.length > 0)
    return refused(`Unknown settings: ${unknown.join(', ')}. Known: ${Object.keys(DEFAULTS).join(', ')}.`);
  const cap = (value as { maxConcurrentImports?: unknown }).maxConcurrentImports ?? null;
  if (cap !== null && (typeof cap !== 'number' || !Number.isInteger(cap) || cap < 1))
    return refused('maxConcurrentImports must be a whole number, 1 or more, or null for no cap.');
  return { maxConcurrentImports: cap };
}

/** The settings and their `/__sim/settings` calls: GET reads, PUT replaces, DELETE restores the defaults. */
export class SettingsControl {
  current: SimulatorSettings = { ...DEFAULTS };

  restore(): void {
    this.current = { ...DEFAULTS };
  }

  routes(): SimRoute[] {
    return [
      { method: 'GET', path: '/__sim/settings', handler: () => json(200, this.current) },
      {
        method: 'PUT',
        path: '/__sim/settings',
        handler: (request) => {
          const settings = parseSettings(request);
          if ('status' in settings) return settings;
          this.current = settings;
          return json(200, this.current);
        },
      },
      {
        method: 'DELETE',
        path: '/__sim/settings',
        handler: () => {
          this.restore();
          return json(200, this.current);
        },
      },
    ];
  }
}

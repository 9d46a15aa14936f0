import { describe, expect, it } from 'vitest';
import { createClock } from '../../../src/simulators/core/clock.ts';
import { parseFaults } from '../../../src/simulators/core/faults.ts';
import { Router } from '../../../src/simulators/core/http.ts';
import { SeededRandom } from '../../../src/simulators/core/random.ts';
import { Scheduler } from '../../../src/simulators/core/scheduler.ts';
import { TokenIssuer } from '../../../src/simulators/core/tokens.ts';

describe('Scheduler', () => {
  it('runs due steps in time order with their own due instant, same-instant steps in scheduling order', () => {
    const clock = createClock('manual', 0);
    const scheduler = new Scheduler(clock);
    const seen: string[] = [];
    scheduler.at(300, (at) => seen.push(`c@${at}`));
    scheduler.at(100, (at) => seen.push(`a@${at}`));
    scheduler.at(100, (at) => {
      seen.push(`b@${at}`);
      scheduler.at(200, (later) => seen.push(`chained@${later}`));
    });
    clock.advance(250);
    scheduler.runDue();
    expect(seen).toEqual(['a@100', 'b@100', 'chained@200']);
    expect(scheduler.pending).toBe(1);
  });
});

describe('SeededRandom', () => {
  it('repeats for a seed and stream, and differs across streams', () => {
    const draw = (seed: number, stream: string) => {
      const random = new SeededRandom(seed, stream);
      return Array.from({ length: 5 }, () => random.int(0, 1_000_000));
    };
    expect(draw(7, 'x')).toEqual(draw(7, 'x'));
    expect(draw(7, 'x')).not.toEqual(draw(7, 'y'));
    expect(draw(7, 'x')).not.toEqual(draw(8, 'x'));
  });
});

describe('TokenIssuer', () => {
  it('expires tokens on the simulated clock and on expireAll, keeping later tokens valid', () => {
    const clock = createClock('manual', 1_000_000);
    const tokens = new TokenIssuer(clock);
    const early = tokens.issue(60, { sub: 'client' });
    expect(tokens.check(early)).toMatchObject({ valid: true, claims: { sub: 'client' } });
    clock.advance(61_000);
    expect(tokens.check(early)).toEqual({ valid: false, reason: 'expired' });
    const before = tokens.issue(60, {});
    tokens.expireAll();
    const after = tokens.issue(60, {});
    expect(tokens.check(before)).toEqual({ valid: false, reason: 'expired' });
    expect(tokens.check(after).valid).toBe(true);
  });

  it('refuses tampered and malformed tokens', () => {
    const tokens = new TokenIssuer(createClock('manual'));
    const [header, , signature] = tokens.issue(60, { sub: 'a' }).split('.');
    const forged = `${header}.${Buffer.from('{"sub":"admin","exp":9999999999}').toString('base64url')}.${signature}`;
    expect(tokens.check(forged)).toEqual({ valid: false, reason: 'bad-signature' });
    expect(tokens.check('not-a-jwt')).toEqual({ valid: false, reason: 'malformed' });
  });
});

describe('Router', () => {
  const router = new Router([
    { method: 'GET', path: '/api/imports', handler: () => ({ status: 200 }) },
    { method: 'GET', path: '/api/imports/{id}', handler: () => ({ status: 200 }) },
    { method: 'PATCH', path: '/api/imports/{id}', handler: () => ({ status: 200 }) },
  ]);

  it('matches templates, decodes parameters and tells 404 from 405', () => {
    expect(router.match('GET', '/api/imports/a%20b')).toMatchObject({ kind: 'found', params: { id: 'a b' } });
    expect(router.match('GET', '/api/imports/')).toMatchObject({
      kind: 'found',
      route: { path: '/api/imports' },
    });
    expect(router.match('POST', '/api/imports/x')).toEqual({
      kind: 'method-not-allowed',
      allowed: ['GET', 'PATCH'],
    });
    expect(router.match('GET', '/api/imports/x/y')).toEqual({ kind: 'not-found' });
  });
});

describe('parseFaults', () => {
  const defaults = { latencyMs: 20, rateLimits: true };

  it('replaces the whole set: absent keys take the start-up defaults', () => {
    const parsed = parseFaults({ errorRate: 0.5, errorStatus: 503 }, defaults);
    expect(parsed).toMatchObject({
      ok: true,
      expireTokens: false,
      faults: { errorRate: 0.5, errorStatus: 503, latencyMs: 20, rateLimits: true, resetRate: 0 },
    });
  });

  it.each([
    [{ errorRate: 2 }, 'errorRate must be a number between 0 and 1.'],
    [{ errorStatus: 200 }, 'errorStatus must be an HTTP error status between 400 and 599.'],
    [{ latencyMs: -1 }, 'latencyMs must be a number of milliseconds between 0 and 600000.'],
    [{ typo: 1 }, 'Unknown fault keys: typo.'],
    [[], 'The fault set must be a JSON object.'],
  ])('explains what is wrong with %j', (body, message) => {
    expect(parseFaults(body, defaults)).toEqual({ ok: false, message });
  });
});

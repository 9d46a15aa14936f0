import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { API_KEYS, SIMULATOR_CREDENTIALS, WEBHOOK_SECRETS } from '../support/secrets.ts';
import { findSecrets, summarize } from './log-secrets.ts';

/** The end-of-run check is only worth its silence if it speaks up when it should. */
describe('the log check of the test run', () => {
  const directory = mkdtempSync(join(tmpdir(), 'log-secrets-test-'));
  afterAll(() => rmSync(directory, { recursive: true, force: true }));
  // What a simulator's token looks like: header {"alg":"HS256","typ":"JWT"}, a payload, a signature.
  const jwt = 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJzaW0tY2wtY2xpZW50In0.c2lnbmF0dXJlLW9mLWl0';

  it('passes lines with redacted credentials and names of settings', () => {
    writeFileSync(
      join(directory, 'clean.log'),
      [
        '{"level":30,"msg":"request","path":"/graphql","status":200}',
        '{"headers":{"authorization":"[redacted]"},"access_token":"[redacted]"}',
        '{"msg":"refused","reason":"Authentication required: send Authorization: Bearer <api key or JWT>."}',
        '{"msg":"check FLEETIO_API_KEY and COMMERCELAYER_CLIENT_SECRET"}',
      ].join('\n'),
    );
    expect(findSecrets(directory)).toEqual([]);
  });

  it('finds configured secrets and token shapes, by file, line and name', () => {
    writeFileSync(
      join(directory, 'leaky.log'),
      [
        '{"msg":"ok"}',
        `{"msg":"vendor call","auth":"Token ${SIMULATOR_CREDENTIALS.fleetioApiKey}"}`,
        `{"secret":"${WEBHOOK_SECRETS.commerceLayer}"}`,
        `{"key":"${API_KEYS.writer}"}`,
        `{"token":"${jwt}"}`,
        '{"body":{"access_token":"opaque-token-value"}}',
        '{"headers":{"Authorization":"Token abc"}}',
        '{"msg":"calling with Bearer 0123456789abcdef"}',
      ].join('\n'),
    );
    const finds = findSecrets(directory);
    expect(finds).toEqual([
      { file: 'leaky.log', line: 2, secret: 'simulator credential fleetioApiKey' },
      { file: 'leaky.log', line: 3, secret: 'webhook secret commerceLayer' },
      { file: 'leaky.log', line: 4, secret: 'API key writer' },
      { file: 'leaky.log', line: 5, secret: 'a JWT (bearer token)' },
      { file: 'leaky.log', line: 6, secret: 'an unredacted access_token' },
      { file: 'leaky.log', line: 7, secret: 'an unredacted Authorization header' },
      { file: 'leaky.log', line: 8, secret: 'a bearer credential' },
    ]);
    // The report names where and what, never the secret's value.
    const report = summarize(finds).join('\n');
    expect(report).toContain('leaky.log: webhook secret commerceLayer, on 1 line (3)');
    for (const value of [SIMULATOR_CREDENTIALS.fleetioApiKey, WEBHOOK_SECRETS.commerceLayer, jwt])
      expect(report).not.toContain(value);
  });
});

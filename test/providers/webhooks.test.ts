import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { CommerceLayerWebhookReceiver } from '../../src/providers/commercelayer/webhook.ts';
import { FleetioWebhookReceiver } from '../../src/providers/fleetio/webhook.ts';
import { WEBHOOK_SECRETS } from '../support/secrets.ts';

const resource = {
  id: 'WxYzAb',
  type: 'imports',
  attributes: {
    status: 'completed',
    resource_type: 'skus',
    format: 'json',
    created_at: '2026-11-02T09:00:00.000Z',
    updated_at: '2026-11-02T09:01:00.000Z',
    started_at: '2026-11-02T09:00:05.000Z',
    completed_at: '2026-11-02T09:01:00.000Z',
    interrupted_at: null,
    inputs_size: 3,
    processed_count: 3,
    errors_count: 0,
    warnings_count: 0,
  },
};

describe('Commerce Layer webhooks', () => {
  const receiver = new CommerceLayerWebhookReceiver(WEBHOOK_SECRETS.commerceLayer);
  const body = Buffer.from(JSON.stringify({ data: resource }));
  const sign = (raw: Buffer, secret: string = WEBHOOK_SECRETS.commerceLayer) =>
    createHmac('sha256', secret).update(raw).digest('base64');

  it('reads the import from a body signed with the shared secret', () => {
    const reading = receiver.read(
      { 'x-commercelayer-signature': sign(body), 'x-commercelayer-topic': 'imports.complete' },
      body,
    );
    expect(reading).toMatchObject({ result: 'state', item: { providerId: 'WxYzAb', status: 'SUCCEEDED' } });
    expect(
      receiver.read(
        { 'x-commercelayer-signature': sign(body), 'x-commercelayer-topic': 'imports.destroy' },
        body,
      ),
    ).toMatchObject({ result: 'deleted' });
  });

  const delivered = (attributes: Record<string, unknown>, topic = 'imports.complete') => {
    const raw = Buffer.from(
      JSON.stringify({ data: { ...resource, attributes: { ...resource.attributes, ...attributes } } }),
    );
    return receiver.read({ 'x-commercelayer-signature': sign(raw), 'x-commercelayer-topic': topic }, raw);
  };

  it('accepts null counts (a 400 would count towards the vendor disabling the hook)', () => {
    const unknown = { inputs_size: null, processed_count: null, errors_count: null, warnings_count: null };
    expect(delivered({ ...unknown, status: 'pending' }, 'imports.create')).toMatchObject({
      result: 'state',
      item: { status: 'PENDING', counts: { total: null, processed: null, errors: null, warnings: null } },
    });
    // A null errors_count is judged by the errors_log the body carries.
    expect(delivered({ ...unknown, errors_log: {} })).toMatchObject({
      result: 'state',
      item: { status: 'SUCCEEDED' },
    });
    expect(delivered({ ...unknown, errors_log: { ABC: { name: ['is invalid'] } } })).toMatchObject({
      result: 'state',
      item: { status: 'PARTIALLY_SUCCEEDED' },
    });
    // Without the log in the body the import is read again, as a poll reads it.
    expect(delivered(unknown)).toEqual({
      result: 'changed',
      reference: { providerId: 'WxYzAb', createdAt: Date.parse(resource.attributes.created_at) },
    });
  });

  it('reads an interrupted import again: only the gateway knows whether it interrupted it', () => {
    expect(
      delivered(
        { status: 'interrupted', interrupted_at: resource.attributes.completed_at },
        'imports.interrupt',
      ),
    ).toEqual({
      result: 'changed',
      reference: { providerId: 'WxYzAb', createdAt: Date.parse(resource.attributes.created_at) },
    });
  });

  it('refuses a missing, wrong or re-encoded signature', () => {
    const topic = { 'x-commercelayer-topic': 'imports.complete' };
    expect(receiver.read(topic, body).result).toBe('unauthorized');
    expect(receiver.read({ ...topic, 'x-commercelayer-signature': sign(body, 'other') }, body).result).toBe(
      'unauthorized',
    );
    // Same JSON, other bytes: the signature covers the raw body, never a re-serialization.
    const spaced = Buffer.from(JSON.stringify({ data: resource }, null, 2));
    expect(receiver.read({ ...topic, 'x-commercelayer-signature': sign(body) }, spaced).result).toBe(
      'unauthorized',
    );
  });

  it('calls a signed body without an import resource malformed, and ignores other topics', () => {
    const bad = Buffer.from('{"data":{"id":"x","type":"imports","attributes":{}}}');
    expect(
      receiver.read({ 'x-commercelayer-signature': sign(bad), 'x-commercelayer-topic': 'imports.start' }, bad)
        .result,
    ).toBe('malformed');
    expect(
      receiver.read(
        { 'x-commercelayer-signature': sign(body), 'x-commercelayer-topic': 'orders.place' },
        body,
      ).result,
    ).toBe('ignored');
  });
});

describe('Fleetio webhooks', () => {
  const body = Buffer.from(
    JSON.stringify({ id: 7, event: 'import_completed', payload: { id: 4211, state: 'complete' } }),
  );
  const hex = (raw: Buffer) => createHmac('sha256', WEBHOOK_SECRETS.fleetio).update(raw).digest('hex');

  it('names the import to read again from a signed import_completed', () => {
    const receiver = new FleetioWebhookReceiver(WEBHOOK_SECRETS.fleetio);
    expect(receiver.read({ 'x-fleetio-webhook-signature': hex(body) }, body)).toEqual({
      result: 'changed',
      reference: { providerId: '4211' },
    });
    expect(receiver.read({ 'x-fleetio-webhook-signature': 'ab'.repeat(32) }, body).result).toBe(
      'unauthorized',
    );
  });

  it('reads the signature from the configured header', () => {
    const receiver = new FleetioWebhookReceiver(WEBHOOK_SECRETS.fleetio, 'X-Signature');
    expect(receiver.read({ 'x-signature': hex(body) }, body).result).toBe('changed');
    expect(receiver.read({ 'x-fleetio-webhook-signature': hex(body) }, body).result).toBe('unauthorized');
  });
});

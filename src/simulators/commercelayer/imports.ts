import { SeededRandom } from '../core/random.ts';
import type { SimulatorContext } from '../core/vendor.ts';
import type { Organization } from './auth.ts';
import { ResourceIds } from './ids.ts';
import { ImportLifecycle } from './lifecycle.ts';
import { PENDING_UNREPORTED, type ImportRecord, type ImportStatus } from './model.ts';
import type { ResolvedOptions } from './options.ts';
import { ImportStore } from './store.ts';
import { sendImportWebhook, type ImportTopic } from './webhooks.ts';
import { resourceObject, type WireOptions } from './wire.ts';

function organizationOf(seed: number): Organization {
  const random = new SeededRandom(seed, 'commercelayer:organization');
  const letters = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
  let id = '';
  for (let index = 0; index < 10; index++) id += letters[random.int(0, letters.length - 1)];
  return { id, slug: 'sim-org' };
}

/** `20261102T090000Z`, the X-Amz-Date form. */
function amzDate(at: number): string {
  return new Date(at)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
}

/**
 * The simulated organization's imports: the store, ids, lifecycle and the events they announce.
 * Routes, the seeder, arrivals and the control API all create and end imports through here.
 */
export class CommerceLayerImports {
  readonly store = new ImportStore();
  readonly ids: ResourceIds;
  readonly lifecycle: ImportLifecycle;
  readonly organization: Organization;

  constructor(
    private readonly context: SimulatorContext,
    readonly options: ResolvedOptions,
  ) {
    this.ids = new ResourceIds(context.seed);
    this.organization = organizationOf(context.seed);
    this.lifecycle = new ImportLifecycle({
      scheduler: context.scheduler,
      options,
      store: this.store,
      seed: context.seed,
      attachmentUrl: (record, at) => this.attachmentUrl(record, at),
      notify: (topic, record) => this.notify(topic, record),
    });
  }

  /** Link origin, mode and organization for writing an import. */
  wire(origin: string = this.options.organizationUrl): WireOptions {
    return { origin, mode: this.options.mode, organizationId: this.organization.id };
  }

  /** A new import with the vendor's defaults (docs' create example: counts 0, logs {}, metadata {}). */
  blank(createdAt: number, id = this.ids.next()): ImportRecord {
    return {
      id,
      serial: this.store.nextSerial(),
      resource_type: 'skus',
      format: 'json',
      parent_resource_id: null,
      status: 'pending',
      started_at: null,
      completed_at: null,
      interrupted_at: null,
      inputs_size: 0,
      errors_count: 0,
      warnings_count: 0,
      destroyed_count: 0,
      processed_count: 0,
      errors_log: {},
      warnings_log: {},
      cleanup_records: false,
      skip_errors: false,
      attachment_url: null,
      created_at: createdAt,
      updated_at: createdAt,
      reference: null,
      reference_origin: null,
      metadata: {},
    };
  }

  /**
   * Stores an import and sets it moving from `from`: a pending one starts after its delay, one in
   * progress carries on with its next step. Terminal imports are only stored.
   */
  admit(record: ImportRecord, inputs: Record<string, unknown>[], from: number, startAt?: number): void {
    this.store.add(record);
    const status: ImportStatus = record.status;
    if (status === 'pending' && this.options.nullCountsWhilePending)
      record.unreported = new Set([...(record.unreported ?? []), ...PENDING_UNREPORTED]);
    if (status === 'pending') this.lifecycle.prepare(record, inputs, from, startAt);
    else if (status === 'in_progress') this.lifecycle.resume(record, inputs, from);
  }

  /** Hands an admitted import's remaining steps to the scheduler. */
  follow(record: ImportRecord): void {
    this.lifecycle.follow(record);
  }

  /** `_interrupt: true`: stops a pending or running import now. */
  interrupt(record: ImportRecord, at: number): void {
    this.lifecycle.interrupt(record, at);
    this.notify('imports.interrupt', record);
  }

  /** Forgets every import and restarts the id stream (control API reset). */
  clear(): void {
    this.store.clear();
    this.ids.reset();
  }

  destroy(record: ImportRecord): void {
    this.store.remove(record.id);
    this.notify('imports.destroy', record);
  }

  notify(topic: ImportTopic, record: ImportRecord): void {
    sendImportWebhook(this.context.webhooks, topic, () => resourceObject(record, this.wire()));
  }

  /** A presigned-looking S3 URL of the gzipped inputs, valid 5 minutes (cli-core `attachment_expiration`). */
  attachmentUrl(record: ImportRecord, at: number): string {
    const signature = new SeededRandom(this.context.seed, `commercelayer:attachment:${record.id}`).hex(64);
    return (
      `${this.options.attachmentOrigin}/${this.organization.slug}/imports/${record.id}/inputs.${record.format}.gz` +
      `?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Date=${amzDate(at)}&X-Amz-Expires=300&X-Amz-Signature=${signature}`
    );
  }
}

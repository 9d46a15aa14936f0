import type { Import, ImportProvider } from '../imports/model.ts';
import type { Logger } from '../log.ts';
import type { ImportReference } from '../imports/import-source.ts';
import type { ProviderSet } from '../imports/provider-info.ts';
import { vendorIdProblem } from '../imports/vendor-ids.ts';
import type { WebhookHeaders, WebhookReading, WebhookReceiver } from '../providers/webhook-receiver.ts';
import type { ChangeFeed } from './change-feed.ts';
import { importKey, type Observation } from '../imports/change.ts';

/** The HTTP answer to one webhook delivery. */
export interface WebhookAnswer {
  status: 200 | 202 | 400 | 401 | 404;
  message: string;
}

/** The vendor id a delivery names, if it names one. */
function idNamedBy(reading: WebhookReading): string | undefined {
  if ('item' in reading) return reading.item.providerId;
  if ('reference' in reading) return reading.reference.providerId;
  return undefined;
}

/**
 * Vendor webhooks into the same feed as polls: a delivery with the import's state is offered at
 * once (subscribers hear it without waiting for a poll); one that only names the import makes the
 * gateway read it again. The feed compares `updatedAt` with the last known state, so a delivery
 * that comes twice or late announces nothing.
 */
export class WebhookIntake {
  private readonly receivers: Map<ImportProvider, WebhookReceiver>;
  private readonly pending = new Set<Promise<void>>();

  constructor(
    receivers: readonly WebhookReceiver[],
    private readonly providers: ProviderSet,
    private readonly feed: ChangeFeed,
    private readonly kindIfUnknown: (item: Import) => Observation['kindIfUnknown'],
    private readonly log: Logger,
  ) {
    this.receivers = new Map(receivers.map((receiver) => [receiver.provider, receiver]));
  }

  async receive(provider: ImportProvider, headers: WebhookHeaders, rawBody: Buffer): Promise<WebhookAnswer> {
    const receiver = this.receivers.get(provider);
    const source = this.providers.get(provider);
    if (!receiver || !source)
      return { status: 404, message: 'Webhooks of this vendor are not configured on this gateway.' };
    const reading = receiver.read(headers, rawBody);
    // Even a signed delivery names an import by an id the gateway may later put in a URL path.
    const named = idNamedBy(reading);
    const offFormat = named === undefined ? undefined : vendorIdProblem(source.ids, named);
    if (offFormat) return { status: 400, message: offFormat };
    switch (reading.result) {
      case 'unauthorized':
        this.log.warn({ provider, reason: reading.reason }, 'refused a webhook with a bad signature');
        return { status: 401, message: reading.reason };
      case 'malformed':
        return { status: 400, message: reading.reason };
      case 'ignored':
        return { status: 200, message: `Ignored: ${reading.reason}.` };
      case 'state':
        await this.feed.offer({ item: reading.item, kindIfUnknown: this.kindIfUnknown(reading.item) });
        return { status: 200, message: 'Accepted.' };
      case 'deleted':
        await this.feed.offer({ item: reading.item, deleted: true, kindIfUnknown: 'UPDATED' });
        return { status: 200, message: 'Accepted.' };
      case 'changed': {
        // Answered at once: vendors time deliveries out, and the read may take a while.
        const read = this.readAgain(provider, reading.reference).finally(() => this.pending.delete(read));
        this.pending.add(read);
        return { status: 202, message: 'Accepted; the import is read again.' };
      }
    }
  }

  /** Waits for the reads that webhooks started (shutdown, tests). */
  async drain(): Promise<void> {
    await Promise.all([...this.pending]);
  }

  private async readAgain(provider: ImportProvider, reference: ImportReference): Promise<void> {
    const source = this.providers.get(provider);
    if (!source) return;
    try {
      const key = importKey({ provider, providerId: reference.providerId });
      const known = (await this.feed.lastKnown([key])).get(key);
      // The last known state tells when it was created, which Fleetio needs to find it cheaply.
      const createdAt = reference.createdAt ?? known?.item.createdAt.getTime();
      const item = (await source.get([{ providerId: reference.providerId, createdAt }])).get(
        reference.providerId,
      );
      // Not found right after it completed is a lookup that missed, not a deletion: polls decide.
      if (item) await this.feed.offer({ item, kindIfUnknown: this.kindIfUnknown(item) });
    } catch (error) {
      this.log.warn(
        { err: error, provider, providerId: reference.providerId },
        'could not read an import a webhook announced; the next poll will',
      );
    }
  }
}

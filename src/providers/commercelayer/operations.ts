import type { DetailPage, DetailPageRequest, ImportMessage } from '../../imports/detail.ts';
import type { Import } from '../../imports/model.ts';
import type { CreationLedger } from '../../imports/creation-ledger.ts';
import { createIdempotently, type CreationJournal } from '../idempotent-create.ts';
import {
  ImportOperationError,
  type CreateImportRequest,
  type CreateOutcome,
} from '../../imports/import-operations.ts';
import { UpstreamError } from '../http/upstream-error.ts';
import { vendorPath } from '../http/vendor-path.ts';
import type { CommerceLayerClient } from './client.ts';
import { createPlannedImports } from './create.ts';
import { planCreation, type PlannedImport } from './create-plan.ts';
import { CommerceLayerRefusal, unexpectedDocument } from './errors.ts';
import type { GatewayInterrupts } from './gateway-interrupts.ts';
import { importFromCommerceLayer } from './map.ts';
import { pageOfLogs } from './message-log.ts';
import { freeQueueSlots, queueProblem } from './queue-slots.ts';
import { parseImportDocument, WireShapeError, type CommerceLayerImportResource } from './wire.ts';
import type { ForeignFields } from '../create-fields.ts';

export interface OperationsDependencies {
  client: CommerceLayerClient;
  ledger: CreationLedger;
  interrupts: GatewayInterrupts;
  now: () => number;
  /** Reads imports afresh by id (the source's `get`), for answers replayed under an idempotency key. */
  lookUp: (ids: string[], signal?: AbortSignal) => Promise<Map<string, Import>>;
  /** The other vendors' create fields, refused by name. */
  foreignFields: ForeignFields;
}

const idField = ['id'];

/** An import this gateway just created, which nobody has interrupted yet. */
const mapNew = (resource: CommerceLayerImportResource): Import =>
  importFromCommerceLayer(resource, { interruptedByGateway: false });

/**
 * The writes and the messages of Commerce Layer imports (specs/VENDOR-REFERENCE.md §3): create
 * (`POST /api/imports`, split past 10,000 inputs), interrupt (`PATCH … _interrupt`), delete, and
 * the `errors_log`/`warnings_log` of one import.
 */
export class CommerceLayerOperations {
  constructor(private readonly deps: OperationsDependencies) {}

  create(request: CreateImportRequest, signal?: AbortSignal): Promise<CreateOutcome> {
    const { client, ledger, now } = this.deps;
    return createIdempotently(
      ledger,
      'COMMERCE_LAYER',
      request,
      async (journal) => {
        const plan = planCreation(request, journal.keyed ? journal.tag : '', this.deps.foreignFields);
        if (!plan.ok) return { imports: [], problems: plan.problems };
        if (plan.imports.length > 1) {
          const full = await this.queueFull(plan.imports, journal, signal);
          if (full) return full;
        }
        return createPlannedImports({ client, journal, mapImport: mapNew, signal }, plan.imports);
      },
      {
        now,
        signal,
        refresh: async (stored) => {
          const found = await this.deps.lookUp(
            stored.map((item) => item.providerId),
            signal,
          );
          return stored.map((item) => found.get(item.providerId) ?? item);
        },
      },
    );
  }

  /** The refusal of a split whose parts not created yet do not fit in the vendor's queue now. */
  private async queueFull(
    plan: PlannedImport[],
    journal: CreationJournal,
    signal?: AbortSignal,
  ): Promise<CreateOutcome | undefined> {
    const created: Import[] = [];
    const waiting: PlannedImport[] = [];
    for (const planned of plan) {
      const known = await journal.part(planned.part);
      if (known?.state === 'created' && known.item) created.push(known.item);
      else waiting.push(planned);
    }
    if (waiting.length === 0) return undefined;
    const refused = queueProblem(waiting, await freeQueueSlots(this.deps.client, signal));
    return refused && { imports: created, problems: [refused] };
  }

  /**
   * `PATCH /api/imports/{id}` with `_interrupt: true`. A finished import is refused here, before
   * any request; one that finished meanwhile is refused by the vendor (422), answered the same
   * way. The interruption is written down before it is sent: if the answer is lost, it may have
   * happened, and the import must then read as CANCELLED.
   */
  async interrupt(item: Import, signal?: AbortSignal): Promise<Import> {
    const id = item.providerId;
    if (item.terminal) throw this.finished(item);
    await this.deps.interrupts.remember(id);
    let body: unknown;
    try {
      body = await this.deps.client.sendJson(
        'PATCH',
        vendorPath('imports', id),
        { data: { type: 'imports', id, attributes: { _interrupt: true } } },
        { what: `the interruption of import ${id}`, importId: id, callerInput: true },
        signal,
      );
    } catch (error) {
      if (error instanceof UpstreamError && !error.ambiguous) await this.deps.interrupts.forget(id);
      if (error instanceof CommerceLayerRefusal) {
        const reason = error.refused[0]?.title ?? 'refused';
        throw new ImportOperationError(
          'BAD_USER_INPUT',
          `Commerce Layer would not interrupt import ${id} (${reason}): it has most likely finished meanwhile.`,
          idField,
        );
      }
      throw this.missing(error, id);
    }
    return importFromCommerceLayer(this.read(body, `the interruption of import ${id}`), {
      interruptedByGateway: true,
    });
  }

  /** `DELETE /api/imports/{id}` (204). */
  async delete(item: Import, signal?: AbortSignal): Promise<void> {
    const id = item.providerId;
    try {
      await this.deps.client.sendJson(
        'DELETE',
        vendorPath('imports', id),
        undefined,
        { what: `the deletion of import ${id}`, importId: id },
        signal,
      );
    } catch (error) {
      throw this.missing(error, id);
    }
    await this.deps.interrupts.forget(id);
  }

  /**
   * The import's `errors_log` and `warnings_log`, read with a sparse fieldset (one request a page).
   * Positions record how much of each log was seen (message-log.ts), so paging while the import
   * runs and its logs grow neither repeats nor skips a message.
   */
  async messages(
    item: Import,
    page: DetailPageRequest,
    signal?: AbortSignal,
  ): Promise<DetailPage<ImportMessage>> {
    const id = item.providerId;
    const what = `the error and warning logs of import ${id}`;
    const body = await this.deps.client.getJson(
      vendorPath('imports', id),
      [['fields[imports]', 'errors_log,warnings_log']],
      { what, importId: id },
      signal,
    );
    const attributes = (body as { data?: { attributes?: Record<string, unknown> } } | undefined)?.data
      ?.attributes;
    if (typeof attributes !== 'object' || attributes === null) {
      throw unexpectedDocument({ what }, new WireShapeError('data.attributes is missing'));
    }
    return pageOfLogs(attributes.errors_log, attributes.warnings_log, page);
  }

  private finished(item: Import): ImportOperationError {
    return new ImportOperationError(
      'BAD_USER_INPUT',
      `Import ${item.providerId} has already finished (${item.providerStatus}, ${item.status}); only a pending or running import can be interrupted.`,
      idField,
    );
  }

  private missing(error: unknown, id: string): unknown {
    if (error instanceof UpstreamError && error.failure === 'not-found') {
      return new ImportOperationError('NOT_FOUND', `Commerce Layer has no import ${id} (any more).`, idField);
    }
    return error;
  }

  private read(body: unknown, what: string): CommerceLayerImportResource {
    try {
      return parseImportDocument(body);
    } catch (error) {
      if (!(error instanceof WireShapeError)) throw error;
      throw unexpectedDocument({ what }, error);
    }
  }
}

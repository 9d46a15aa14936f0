import type { SeededRandom } from '../core/random.ts';
import { SimInputError } from '../core/vendor.ts';
import { FlatAttributes } from './control-attributes.ts';
import { looksLikeResourceId } from './ids.ts';
import type { CommerceLayerImports } from './imports.ts';
import { parseInputs } from './inputs.ts';
import { isTerminal, type ErrorsLog, type ImportRecord, type WarningsLog } from './model.ts';
import { applyProfile, randomProfile, randomSize } from './synthetic-imports.ts';

/** Counts an added import starts with, consistent with its status. */
function resolveCounts(record: ImportRecord, given: FlatAttributes, random: SeededRandom): void {
  const size = record.inputs_size;
  let errors = given.count('errors_count');
  let processed = given.count('processed_count');
  if (record.status === 'completed') {
    errors ??= processed === undefined ? 0 : size - processed;
    processed ??= size - errors;
    if (processed + errors !== size) {
      throw new SimInputError(
        'A completed import has handled every input: processed_count + errors_count = inputs_size.',
      );
    }
  } else if (record.status === 'interrupted') {
    errors ??= 0;
    processed ??= random.int(0, Math.max(0, size - errors));
  } else {
    errors ??= 0;
    processed ??= 0;
  }
  if (processed < 0 || errors < 0 || processed + errors > size) {
    throw new SimInputError('processed_count + errors_count cannot exceed inputs_size.');
  }
  record.processed_count = processed;
  record.errors_count = errors;
  record.errors_log =
    given.object<ErrorsLog>('errors_log') ??
    Object.fromEntries(
      Array.from({ length: Math.min(errors, 50) }, (_, index) => [
        `ITEM${index + 1}`,
        { name: ['is invalid'] },
      ]),
    );
  record.warnings_log = given.object<WarningsLog>('warnings_log') ?? {};
  record.warnings_count = given.count('warnings_count') ?? Object.keys(record.warnings_log).length;
  record.destroyed_count = given.count('destroyed_count') ?? 0;
  const unreported = given.unreportedCounts();
  if (unreported.length > 0) record.unreported = new Set(unreported);
}

/** Timestamps consistent with the status; given ones are kept but must not run backwards. */
function resolveTimes(record: ImportRecord, given: FlatAttributes, imports: CommerceLayerImports): void {
  const started = record.status !== 'pending';
  record.started_at = given.instant('started_at') ?? (started ? record.created_at + 3_000 : null);
  const ranFor = Math.min(
    imports.options.maxProcessingSeconds,
    record.inputs_size * imports.options.secondsPerInput,
  );
  const end = (record.started_at ?? record.created_at) + Math.round(ranFor * 1000);
  record.completed_at = given.instant('completed_at') ?? (record.status === 'completed' ? end : null);
  record.interrupted_at = given.instant('interrupted_at') ?? (record.status === 'interrupted' ? end : null);
  const latest = Math.max(
    record.created_at,
    record.started_at ?? 0,
    record.completed_at ?? 0,
    record.interrupted_at ?? 0,
  );
  record.updated_at = given.instant('updated_at') ?? latest;
  if (record.updated_at < latest) {
    throw new SimInputError('updated_at must be a date-time no earlier than the other timestamps.');
  }
  if ((record.started_at ?? record.created_at) < record.created_at) {
    throw new SimInputError('started_at cannot come before created_at.');
  }
  if (
    !started &&
    (record.started_at !== null || record.completed_at !== null || record.interrupted_at !== null)
  ) {
    throw new SimInputError(
      'A pending import has not started: no started_at, completed_at or interrupted_at.',
    );
  }
}

/**
 * `POST /__sim/imports`: an import from flat vendor attributes, missing ones generated. A pending
 * or running one moves on from now like any other; `inputs`, when given, are processed as if posted.
 */
export function addImport(
  imports: CommerceLayerImports,
  attributes: Record<string, unknown>,
  random: SeededRandom,
  now: number,
): ImportRecord {
  const given = new FlatAttributes(attributes);
  const id = given.text('id') ?? undefined;
  if (id !== undefined && !looksLikeResourceId(id))
    throw new SimInputError('id must be letters and digits only.');
  if (id !== undefined && !imports.ids.claim(id))
    throw new SimInputError(`An import with id ${id} exists already.`);

  const format = given.format();
  const posted = given.has('inputs') ? parseInputs(format ?? 'json', given.raw('inputs')) : undefined;
  if (posted && !posted.ok) throw new SimInputError(`inputs ${posted.failure.message}.`);
  const size = posted?.ok ? posted.items.length : (given.count('inputs_size') ?? randomSize(random, true));
  if (posted?.ok && given.has('inputs_size') && given.count('inputs_size') !== size) {
    throw new SimInputError('inputs_size must match the number of inputs given.');
  }
  const profile = randomProfile(random, size, 'some-errors', given.resourceType());
  const inputs = posted?.ok ? posted.items : profile.inputs;

  const record = imports.blank(given.instant('created_at') ?? now, id);
  applyProfile(record, { ...profile, inputs });
  record.format = format ?? profile.format;
  record.status = given.status() ?? 'pending';
  record.parent_resource_id = given.has('parent_resource_id')
    ? given.text('parent_resource_id')!
    : record.parent_resource_id;
  record.reference = given.has('reference') ? given.text('reference')! : record.reference;
  record.reference_origin = given.has('reference_origin')
    ? given.text('reference_origin')!
    : record.reference_origin;
  record.metadata = given.object('metadata') ?? record.metadata;
  record.skip_errors = given.flag('skip_errors') ?? false;
  record.cleanup_records = given.flag('cleanup_records') ?? false;
  record.attachment_url = given.text('attachment_url') ?? null;
  resolveCounts(record, given, random);
  resolveTimes(record, given, imports);
  if (record.status !== 'pending' && record.attachment_url === null) {
    record.attachment_url = imports.attachmentUrl(record, record.started_at!);
  }

  // A pending import starts after its delay from now; a running one takes its next step one interval on.
  const from = record.status === 'in_progress' ? now + imports.options.progressIntervalSeconds * 1000 : now;
  imports.admit(record, inputs, from);
  imports.notify('imports.create', record);
  if (!isTerminal(record.status)) imports.follow(record);
  return record;
}

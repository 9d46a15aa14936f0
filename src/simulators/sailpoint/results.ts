import {
  existsInTargetTenant,
  referencesOf,
  resolveReference,
  type ObjectReference,
} from './target-tenant.ts';
import type { ConfigObject, ImportUpload, ObjectSelf } from './upload.ts';

/** SpConfigMessage: `details` is required by the schema, with object values [S]. */
export interface SpConfigMessage {
  key: string;
  text: string;
  details: Record<string, Record<string, unknown>>;
}

/** ObjectImportResult: all four arrays are required [S]. */
export interface ObjectImportResult {
  infos: SpConfigMessage[];
  warnings: SpConfigMessage[];
  errors: SpConfigMessage[];
  importedObjects: ObjectSelf[];
}

/** SpConfigImportResults, the body of `GET …/import/{id}/download` [S]. */
export interface SpConfigImportResults {
  results: Record<string, ObjectImportResult>;
  exportJobId?: string;
}

/** An object whose name holds this is rejected by the target service (simulator convention). */
const INVALID_MARKER = 'invalid';
/** An object whose name holds this makes the whole job FAILED (simulator convention). */
const JOB_FAILURE_MARKER = 'fail-job';

/** The objects an import works on: includeTypes wins over excludeTypes, then objectOptions narrow [S]. */
export function selectedObjects(upload: ImportUpload): ConfigObject[] {
  const { includeTypes, excludeTypes, objectOptions } = upload.options;
  return upload.document.objects.filter(({ self }) => {
    const typeWanted =
      includeTypes.length > 0 ? includeTypes.includes(self.type) : !excludeTypes.includes(self.type);
    if (!typeWanted) return false;
    const narrowed = objectOptions[self.type];
    if (!narrowed || (narrowed.includedIds.length === 0 && narrowed.includedNames.length === 0)) return true;
    return narrowed.includedIds.includes(self.id) || narrowed.includedNames.includes(self.name);
  });
}

/** Whether the job as a whole fails rather than completing with per-object errors. */
export function failsWholeJob(upload: ImportUpload): boolean {
  return selectedObjects(upload).some(({ self }) => self.name.toLowerCase().includes(JOB_FAILURE_MARKER));
}

const describeObject = (self: ObjectSelf) => `[${self.id}, ${self.name}]`;
const describeReference = (reference: ObjectReference) =>
  `[type: ${reference.type}, id: ${reference.id ?? ''}, name: ${reference.name ?? ''}]`;
const message = (key: string, text: string, details: SpConfigMessage['details'] = {}): SpConfigMessage => ({
  key,
  text,
  details,
});

/**
 * What an import did (or, with `preview`, would do) per object type of the document. Errors do
 * not fail the job: a COMPLETE job can carry them, which is the vendor behaviour the gateway must
 * read from the download [S].
 */
export function importResults(
  upload: ImportUpload,
  importableTypes: readonly string[],
  backupExportJobId: string | undefined,
): SpConfigImportResults {
  const results: Record<string, ObjectImportResult> = {};
  for (const object of selectedObjects(upload)) {
    const { self } = object;
    const result = (results[self.type] ??= { infos: [], warnings: [], errors: [], importedObjects: [] });
    if (!importableTypes.includes(self.type)) {
      result.errors.push(
        message(
          'IMPORT_UNSUPPORTED_TYPE',
          `Objects of type ${self.type} cannot be imported: ${describeObject(self)}`,
        ),
      );
      continue;
    }
    let blocked = false;
    for (const reference of referencesOf(object)) {
      const resolution = resolveReference(reference, upload.document, upload.options);
      const details = { reference: { ...reference } };
      if (resolution === 'unresolved') {
        blocked = true;
        result.errors.push(
          message(
            'UNKNOWN_REFERENCE_RESOLVER',
            `Unable to resolve reference for object ${describeReference(reference)}`,
            details,
          ),
        );
      } else if (resolution === 'default') {
        result.infos.push(
          message(
            'DEFAULT_REFERENCE_USED',
            `Reference ${describeReference(reference)} resolved to a default reference`,
            details,
          ),
        );
      } else if (resolution === 'existing' && upload.preview) {
        result.infos.push(
          message(
            'REFERENCE_RESOLVED',
            `Reference ${describeReference(reference)} resolved in the target tenant`,
            details,
          ),
        );
      }
    }
    if (self.name.toLowerCase().includes(INVALID_MARKER)) {
      blocked = true;
      result.errors.push(
        message(
          'IMPORT_VALIDATION_FAILED',
          `Object ${describeObject(self)} was rejected by the target service`,
        ),
      );
    }
    if (blocked) continue;
    if (upload.preview) {
      result.infos.push(message('IMPORT_PREVIEW', `Object to be imported: ${describeObject(self)}`));
      continue;
    }
    result.importedObjects.push({ ...self });
    if (existsInTargetTenant(self)) {
      result.infos.push(message('IMPORT_UPDATED', `Existing object updated: ${describeObject(self)}`));
    }
    if (self.type === 'SOURCE') {
      // Exports carry no source credentials, so an imported source needs them entered again.
      result.warnings.push(
        message(
          'IMPORT_CREDENTIALS_NOT_SET',
          `Credentials of source ${describeObject(self)} must be set in this tenant`,
        ),
      );
    }
  }
  return backupExportJobId === undefined ? { results } : { results, exportJobId: backupExportJobId };
}

/**
 * The download of a FAILED job [I]: the spec does not limit the download to COMPLETE jobs and says
 * it holds "any error, warning or informational messages" [S]. The simulator's failed job imported
 * nothing, so every selected object carries the job's failure as its error.
 */
export function failedImportResults(
  upload: ImportUpload,
  failure: string,
  backupExportJobId: string | undefined,
): SpConfigImportResults {
  const results: Record<string, ObjectImportResult> = {};
  for (const { self } of selectedObjects(upload)) {
    const result = (results[self.type] ??= { infos: [], warnings: [], errors: [], importedObjects: [] });
    result.errors.push(
      message('IMPORT_FAILED', `Object ${describeObject(self)} was not imported: ${failure}`),
    );
  }
  return backupExportJobId === undefined ? { results } : { results, exportJobId: backupExportJobId };
}

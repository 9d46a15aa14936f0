import { problem, type InputProblem } from '../../imports/import-operations.ts';
import type { SailpointRefusal } from './errors.ts';

/** `options.includeTypes`, `options.objectOptions.SOURCE.includedIds`: a path into ImportOptions. */
const OPTION_PATH = /\boptions\.([A-Za-z]\w*(?:\.\w+)*)/;
/** `objects[2]`, `objects[2].self.type`: a path into the export document's `objects`. */
const OBJECT_PATH = /\bobjects\[(\d{1,6})\]((?:\.\w+)*)/;
/** The multipart parts by name: `data` is the document, `options` the ImportOptions [S]. */
const FORM_PART = /\bpart "(data|options)"/;

/**
 * Which input field one of SailPoint's reasons is about. The vendor documents `causes` as
 * plain-text reasons [S], not as field paths, so the field is read from the words a reason uses
 * for the parts of the upload: `options.<name>…` for ImportOptions, `objects[<n>]…` for an object
 * of the document, the form parts "data" and "options", the data file, `preview`. A reason that
 * names none of them gets no field: the gateway does not guess.
 */
export function fieldOfReason(reason: string): string[] | undefined {
  const option = OPTION_PATH.exec(reason);
  if (option) return ['options', ...option[1]!.split('.')];
  const object = OBJECT_PATH.exec(reason);
  if (object) return ['document', 'objects', object[1]!, ...object[2]!.split('.').filter(Boolean)];
  const part = FORM_PART.exec(reason);
  if (part) return part[1] === 'data' ? ['document'] : ['options'];
  if (/^options\b/.test(reason)) return ['options'];
  if (/\bdata file\b/i.test(reason)) return ['document'];
  if (/\bpreview\b/.test(reason)) return ['preview'];
  return undefined;
}

/**
 * A refused upload as userErrors, one per reason SailPoint gave, each with the vendor's own text
 * (it describes the caller's document or options, which the caller sent) and its detailCode.
 */
export function refusalProblems(refusal: SailpointRefusal): InputProblem[] {
  const code = refusal.upstream.code ? ` (${refusal.upstream.code})` : '';
  if (refusal.reasons.length === 0) {
    return [
      problem('BAD_USER_INPUT', `SailPoint refused the document or its options${code} without a reason.`),
    ];
  }
  return refusal.reasons.map((reason) =>
    problem('BAD_USER_INPUT', `SailPoint refused the import${code}: ${reason}`, fieldOfReason(reason)),
  );
}

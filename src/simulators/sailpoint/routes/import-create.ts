import {
  json,
  mediaType,
  parseFormBody,
  type SimRequest,
  type SimResponse,
  type SimRoute,
} from '../../core/http.ts';
import { checkBearer } from '../auth.ts';
import type { SailpointDeps } from '../deps.ts';
import { DETAIL_CODES, errorResponseDto } from '../errors.ts';
import { experimentalRefusal } from '../experimental.ts';
import { parseExportDocument, parseImportOptions, type Parsed } from '../upload.ts';
import { jobStatusBody } from '../wire.ts';

/** Spring reads a boolean query parameter from these words. */
const BOOLEAN_WORDS: Readonly<Record<string, boolean>> = {
  true: true,
  false: false,
  on: true,
  off: false,
  yes: true,
  no: false,
  '1': true,
  '0': false,
};

/**
 * `POST /{version}/sp-config/import?preview=…` [S]: a multipart body with the export file as part
 * `data` and optional ImportOptions JSON as part `options`; answers 202 with the queued job.
 * Every malformed body gets the spec's 400 ErrorResponseDto with a cause saying what was wrong.
 */
export function importCreateRoute(deps: SailpointDeps, version: string): SimRoute {
  return {
    method: 'POST',
    path: `/${version}/sp-config/import`,
    handler: (request) => createImport(deps, request, version),
  };
}

async function createImport(deps: SailpointDeps, request: SimRequest, version: string): Promise<SimResponse> {
  const auth = checkBearer(request, deps.context.tokens, deps.trackingId);
  if (!auth.ok) return auth.response;
  const experimental = experimentalRefusal(deps, request, version);
  if (experimental) return experimental;
  const badRequest = (cause: string, detailCode?: string) =>
    errorResponseDto(400, deps.trackingId(), cause, detailCode);

  const previewParam = request.query.get('preview');
  const preview = previewParam === null ? false : BOOLEAN_WORDS[previewParam.trim().toLowerCase()];
  if (preview === undefined) return badRequest(`preview must be true or false, not "${previewParam}".`);
  if (mediaType(request.headers['content-type']) !== 'multipart/form-data') {
    return badRequest('The import body must be multipart/form-data with the export file as part "data".');
  }
  const form = await parseFormBody(request);
  if (!form) return badRequest('The multipart body could not be read.');

  const dataText = await partText(form.get('data'));
  if (!dataText?.trim())
    return badRequest('The form part "data" (the export file) is required.', DETAIL_CODES.missingData);
  const data = parseJson(dataText, 'data');
  if (!data.ok) return badRequest(data.reason);
  const document = parseExportDocument(data.value);
  if (!document.ok) return badRequest(document.reason);

  const optionsText = await partText(form.get('options'));
  const optionsJson = optionsText?.trim()
    ? parseJson(optionsText, 'options')
    : { ok: true as const, value: undefined };
  if (!optionsJson.ok) return badRequest(optionsJson.reason);
  const options = parseImportOptions(optionsJson.value);
  if (!options.ok) return badRequest(options.reason);

  const upload = { document: document.value, options: options.value, preview };
  const job = deps.jobs.accept(deps.dataRandom(), upload, deps.context.clock.now());
  return json(202, jobStatusBody(job, deps.options.unsetJobFields));
}

/** A form part as text: the SDK sends `data` as a file and `options` as a JSON blob [S]. */
async function partText(part: ReturnType<FormData['get']>): Promise<string | undefined> {
  if (part === null) return undefined;
  return typeof part === 'string' ? part : await part.text();
}

function parseJson(text: string, part: string): Parsed<unknown> {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (error) {
    return { ok: false, reason: `The form part "${part}" is not valid JSON: ${(error as Error).message}` };
  }
}

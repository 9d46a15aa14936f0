import { json, type SimRoute } from '../../core/http.ts';
import { checkBearer } from '../auth.ts';
import type { SailpointDeps } from '../deps.ts';
import { errorResponseDto } from '../errors.ts';
import { experimentalRefusal } from '../experimental.ts';

/**
 * `GET /{version}/sp-config/import/{id}/download` [S]: SpConfigImportResults once the job is
 * COMPLETE or FAILED (its per-object errors; `failedJobsHaveResults`) [I]. Before that, and for a
 * CANCELLED job, no results file exists; the simulator answers an ErrorResponseDto with the
 * configured status (400 by default) [I].
 */
export function importDownloadRoute(deps: SailpointDeps, version: string): SimRoute {
  return {
    method: 'GET',
    path: `/${version}/sp-config/import/{id}/download`,
    handler: (request) => {
      const auth = checkBearer(request, deps.context.tokens, deps.trackingId);
      if (!auth.ok) return auth.response;
      const experimental = experimentalRefusal(deps, request, version);
      if (experimental) return experimental;
      const id = request.params.id!;
      const job = deps.jobs.visible(id, deps.context.clock.now());
      if (!job) return errorResponseDto(404, deps.trackingId(), `No import job with id ${id} was found.`);
      const served =
        job.status === 'COMPLETE' || (job.status === 'FAILED' && deps.options.failedJobsHaveResults);
      if (!served || !job.results) {
        const cause = `Import job ${id} has no results to download: its status is ${job.undocumentedStatus ?? job.status}.`;
        return errorResponseDto(deps.options.resultsNotReadyStatus, deps.trackingId(), cause);
      }
      return json(200, job.results);
    },
  };
}

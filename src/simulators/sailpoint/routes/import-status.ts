import { json, type SimRoute } from '../../core/http.ts';
import { checkBearer } from '../auth.ts';
import type { SailpointDeps } from '../deps.ts';
import { errorResponseDto } from '../errors.ts';
import { experimentalRefusal } from '../experimental.ts';
import { jobStatusBody } from '../wire.ts';

/**
 * `GET /{version}/sp-config/import/{id}` [S]: the job's status. Any id that names no job, including
 * one of a job past its `expiration` [I], gets the spec's 404 ErrorResponseDto; ids have no fixed
 * shape (the spec's own example id is undashed hex while job ids are dashed UUIDs) [S].
 */
export function importStatusRoute(deps: SailpointDeps, version: string): SimRoute {
  return {
    method: 'GET',
    path: `/${version}/sp-config/import/{id}`,
    handler: (request) => {
      const auth = checkBearer(request, deps.context.tokens, deps.trackingId);
      if (!auth.ok) return auth.response;
      const experimental = experimentalRefusal(deps, request, version);
      if (experimental) return experimental;
      const id = request.params.id!;
      const job = deps.jobs.visible(id, deps.context.clock.now());
      if (!job) return errorResponseDto(404, deps.trackingId(), `No import job with id ${id} was found.`);
      return json(200, jobStatusBody(job, deps.options.unsetJobFields));
    },
  };
}

import { findObjects } from '../core/variations/find-objects.ts';
import { NOWHERE, type WireProfile } from '../core/variations/profile.ts';

const RESULT_LISTS = '(infos|warnings|errors|importedObjects)';

/**
 * What SailPoint's sp-config answers may vary in (specs/VENDOR-REFERENCE.md §2,
 * specs/sailpoint/sp-config-import.v2025.openapi.yaml). `message`, `completed` and the undeclared
 * `description` are not required; instants are RFC 3339 `date-time`, so any offset and fraction; the
 * result lists of an object type promise no order. A new status would be upper-case, as the five
 * known ones (`PAUSED` is the simulator's own example, specs/VENDOR-REFERENCE.md §2).
 */
export const sailpointVariations: WireProfile = {
  openObjects: new RegExp(`^(|results\\.[^.]+|results\\.[^.]+\\.${RESULT_LISTS}\\[\\])$`),
  omittableNulls: /^(message|completed|description)$/,
  timestamps: /^(created|modified|completed|expiration)$/,
  timestampStyle: { offsets: true, fractionDigits: [0, 1, 2, 3, 6] },
  keptMemberOrder: NOWHERE,
  unorderedArrays: new RegExp(`^results\\.[^.]+\\.${RESULT_LISTS}$`),
  semantic: {
    imports: (body) =>
      findObjects(
        body,
        (object) => typeof object.jobId === 'string' && typeof object.status === 'string',
      ).map((job) => ({ id: job.jobId as string, fields: job })),
    statusField: 'status',
    unknownStatuses: ['PAUSED', 'QUEUED'],
    nullableCounts: [],
    emptiableLists: NOWHERE,
  },
};

import { findObjects } from '../core/variations/find-objects.ts';
import { NOWHERE, type WireProfile } from '../core/variations/profile.ts';

/**
 * What Fleetio's answers may vary in (specs/VENDOR-REFERENCE.md §1, the Import schema of
 * specs/fleetio/imports.reconstructed-from-docs.openapi.yaml). `completed_at` and `note` are the
 * nullable members the schema does not require. Times are written in the account's zone (Rails),
 * so any offset; the lists are sorted as asked, so no order is free. `filtered_by` and `sorted_by`
 * only echo the request. A new status would be lower-case snake, as the documented ones.
 */
export const fleetioVariations: WireProfile = {
  openObjects: /^(|records\[\])$/,
  omittableNulls: /^records\[\]\.(completed_at|note)$/,
  timestamps: /^records\[\]\.(created_at|updated_at|completed_at)$/,
  timestampStyle: { offsets: true, fractionDigits: [0, 3, 6] },
  keptMemberOrder: NOWHERE,
  unorderedArrays: NOWHERE,
  semantic: {
    imports: (body) =>
      findObjects(body, (object) => typeof object.status === 'string' && 'file_name' in object).map(
        (item) => ({ id: String(item.id), fields: item }),
      ),
    statusField: 'status',
    unknownStatuses: ['archived', 'validating'],
    nullableCounts: [],
    emptiableLists: /^(filtered_by|sorted_by)$/,
  },
};

import { findObjects } from '../core/variations/find-objects.ts';
import { NOWHERE, type WireProfile } from '../core/variations/profile.ts';
import { COUNT_ATTRIBUTES } from './model.ts';

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * What Commerce Layer's answers may vary in (specs/VENDOR-REFERENCE.md §3). JSON:API lets a server
 * add attributes and `meta` members, nothing else. Every attribute but `status` and the required
 * `resource_type`, `created_at`, `updated_at` is optional and nullable in the vendor's SDK types, so
 * a null one may be left out. Timestamps stay in UTC, as in every example of the docs, with the
 * whole seconds, milliseconds or microseconds an ISO-8601 `datetime` may carry. The counts may be
 * null (specs/VENDOR-REFERENCE.md §3.1); a new status would be lower-case snake, as the four known ones.
 */
export const commerceLayerVariations: WireProfile = {
  openObjects: /^(meta|data(\[\])?\.(attributes|meta)|errors\[\]\.meta)$/,
  omittableNulls: /^data(\[\])?\.attributes\.(?!(status|resource_type|created_at|updated_at)$)[^.]+$/,
  timestamps: /^data(\[\])?\.attributes\.(created|updated|started|completed|interrupted)_at$/,
  timestampStyle: { offsets: false, fractionDigits: [0, 3, 6] },
  // The logs are Ruby hashes, written in the order inputs failed; the gateway pages their messages
  // by that order while they grow (src/providers/commercelayer/message-log.ts), so it is kept.
  keptMemberOrder: /^data(\[\])?\.attributes\.(errors_log|warnings_log)(\.[^.]+)?$/,
  unorderedArrays: NOWHERE,
  semantic: {
    imports: (body) =>
      findObjects(body, (object) => object.type === 'imports' && isObject(object.attributes)).map(
        (resource) => ({
          id: String(resource.id),
          fields: resource.attributes as Record<string, unknown>,
        }),
      ),
    statusField: 'status',
    unknownStatuses: ['queued', 'on_hold'],
    nullableCounts: COUNT_ATTRIBUTES,
    emptiableLists: /^included$/,
  },
};

/**
 * Vendor examples that contradict another vendor document, by `file#pointer` (every endpoint that
 * shows the example). Each names both documents and the choice made: the adaptor accepts the
 * example (and it is checked like any other), or refuses it knowingly (the test checks that it
 * does, with this reason). `readAs` also checks the example read as what it evidently is.
 */
export interface KnownContradiction {
  contradiction: string;
  choice: 'accepted' | 'refused';
  /** The adaptor's reason for a refused example, as its gateway error says it. */
  refusal?: RegExp;
  readAs?: { because: string; body: (example: unknown) => unknown };
}

const SAILPOINT_FILES = [
  'sailpoint/sp-config-import.v2025.openapi.yaml',
  'sailpoint/sp-config-import.beta.openapi.yaml',
];
const allSailpointFiles = (pointer: string, entry: KnownContradiction) =>
  Object.fromEntries(
    [...SAILPOINT_FILES, 'sailpoint/oauth-token.openapi.yaml'].map((file) => [`${file}#${pointer}`, entry]),
  );
const bothSailpointFiles = (pointer: string, entry: KnownContradiction) =>
  Object.fromEntries(SAILPOINT_FILES.map((file) => [`${file}#${pointer}`, entry]));

const COUNTS = ['inputs_size', 'errors_count', 'warnings_count', 'processed_count', 'destroyed_count'];

export const KNOWN_CONTRADICTIONS: Record<string, KnownContradiction> = {
  'commercelayer/imports.openapi.2023-02.json#/components/schemas/importResponse': {
    contradiction:
      'The 2023 OpenAPI response schema has no `format` (its create schema has it); import.resource-schema.json ' +
      '(v7.9.16) lists `format` fetchable. Also `status: in_progress` with `completed_at` and `interrupted_at` ' +
      "set, which the resource schema's status description (pending, in_progress, then completed or interrupted) " +
      'does not allow.',
    choice: 'accepted',
    // The adaptor reads a missing `format` as unknown (null); the status decides, the times are shown as sent.
  },
  'commercelayer/imports.openapi.2023-02.json#/components/schemas/importResponseList': {
    contradiction:
      'The 2023 OpenAPI list schema declares `data` only; the pagination docs answer `meta: {record_count, ' +
      'page_count}` with every list (specs/VENDOR-REFERENCE.md §3, Pagination), which the gateway counts and ' +
      'pages by. Its items are the importResponse example, checked above.',
    choice: 'refused',
    refusal: /meta is not an object/,
  },
  'commercelayer/import.resource-schema.json#/attributes/fields': {
    contradiction:
      'import.resource-schema.json types the counts `integer` but writes their examples as text ("300"; every ' +
      'example there is text, booleans "true" too); the 2023 OpenAPI gives the same counts as integers (300).',
    choice: 'refused',
    refusal: /inputs_size is not a whole number/,
    readAs: {
      because: 'the examples as the types the same file declares (counts as integers)',
      body: (example) => {
        const resource = example as { attributes: Record<string, unknown> };
        const attributes = { ...resource.attributes };
        for (const name of COUNTS)
          if (typeof attributes[name] === 'string') attributes[name] = Number(attributes[name]);
        return { ...resource, attributes };
      },
    },
  },
  'sailpoint/oauth-token.openapi.yaml#/paths/~1oauth~1token/post/responses/200/content/application~1json/schema':
    {
      contradiction:
        'Only `token_type` has an example; `access_token` and `expires_in`, which the same response declares ' +
        '(specs/VENDOR-REFERENCE.md §2, Auth), have none: a partial sample, no token to read.',
      choice: 'refused',
      refusal: /access_token/,
    },
  ...bothSailpointFiles(
    '/paths/~1sp-config~1import~1{id}/get/responses/200/content/application~1json/example',
    {
      contradiction:
        'The status example carries `description: null`, which SpConfigImportJobStatus does not declare.',
      choice: 'accepted',
    },
  ),
  ...bothSailpointFiles('/components/schemas/SpConfigJob', {
    contradiction:
      'As the 202 of a creation ("accepted and queued for processing") the job shows status COMPLETE, and ' +
      '`expiration` equal to `created` where the status example has created + 7 days.',
    choice: 'accepted',
  }),
  ...bothSailpointFiles('/components/schemas/SpConfigImportJobStatus', {
    contradiction: '`expiration` equals `created`, where the status example has created + 7 days.',
    choice: 'accepted',
  }),
  ...bothSailpointFiles('/components/schemas/SpConfigImportResults', {
    contradiction:
      'The example of the property `results` is a whole SpConfigImportResults document (it has a `results` key ' +
      'of its own), so the body built from the schema nests `results` twice, against the schema (`results` maps ' +
      'object types to ObjectImportResult). Its messages carry `detail: null` where SpConfigMessage requires ' +
      '`details` (an object).',
    choice: 'refused',
    refusal: /results\.results\.infos/,
    readAs: {
      because:
        'the property example as the whole download it is (the gateway reads key and text of a message only)',
      body: (example) => (example as { results: unknown }).results,
    },
  }),
  'sailpoint/oauth-token.openapi.yaml#/components/responses/401/content/application~1json/schema': {
    contradiction:
      'A token request carries no JWT, yet the 401 example of /oauth/token says "JWT validation failed: JWT is expired".',
    choice: 'accepted',
    // Any 401 to the token request reads as refused client credentials (UPSTREAM_ERROR).
  },
  ...allSailpointFiles('/components/schemas/ErrorResponseDto', {
    contradiction:
      'The schema\'s property examples (detailCode "400.1 Bad Request Content") stand under 403, 404 and 500 ' +
      'too, whose own examples say "403 Forbidden", "404 Not found", "500.0 Internal Fault".',
    choice: 'accepted',
    // The HTTP status decides the gateway error; detailCode is passed on as sent (upstream.code).
  }),
  'fleetio/imports.reconstructed-from-docs.openapi.yaml#/components/schemas/ValidationErrors/example': {
    contradiction:
      "The example (`name: can't be blank`) is the docs' 422 validation example; the transcription also " +
      "declares it for the list's 400, where no field `name` exists.",
    choice: 'accepted',
    // A refused field that is not a caller's `filter[…]` is the gateway's own request: UPSTREAM_ERROR.
  },
};

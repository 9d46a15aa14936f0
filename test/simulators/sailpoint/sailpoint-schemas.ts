import { expect } from 'vitest';
import { JsonSchemaValidator, OpenApiValidator } from '../../support/openapi.ts';
import type { ApiAnswer } from './sailpoint-api.ts';

/** The vendor's own files, and our written schemas for what they leave loose or undeclared. */
export const specs = {
  v2025: OpenApiValidator.fromFile('sailpoint/sp-config-import.v2025.openapi.yaml'),
  // The v2024 paths are the v2025 ones (specs/VENDOR-REFERENCE.md §2); only v2025 and beta files exist.
  v2024: OpenApiValidator.fromFile('sailpoint/sp-config-import.v2025.openapi.yaml'),
  beta: OpenApiValidator.fromFile('sailpoint/sp-config-import.beta.openapi.yaml'),
};
export const oauth = OpenApiValidator.fromFile('sailpoint/oauth-token.openapi.yaml');
export const written = new JsonSchemaValidator('sailpoint/written/sp-config-simulator.schema.json');
export const VERSIONS = ['v2025', 'v2024', 'beta'] as const;

export const IMPORT = '/sp-config/import';
export const STATUS = '/sp-config/import/{id}';
export const DOWNLOAD = '/sp-config/import/{id}/download';

/** An error answer: the status, the spec's schema for it, and our stricter written one. */
export function expectSpecError(
  version: keyof typeof specs,
  path: string,
  method: string,
  reply: ApiAnswer,
  status: number,
) {
  expect(reply.status, reply.text).toBe(status);
  specs[version].assertResponse(path, method, status, reply.body);
  if (status === 401) written.assert('/definitions/JwtValidationFailed', reply.body);
  else if (status === 429) written.assert('/definitions/RateLimitExceeded', reply.body);
  else written.assert('/definitions/ErrorResponseDto', reply.body);
}

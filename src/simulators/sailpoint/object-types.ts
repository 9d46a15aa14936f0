/**
 * sp-config object types. The spec's SelfImportExportDto enum lists every type an export can hold;
 * ImportOptions (includeTypes, excludeTypes, defaultReferences) and ImportObject list only the seven
 * the import accepts (sp-config-import.v2025.openapi.yaml).
 */
export const IMPORTABLE_OBJECT_TYPES = [
  'CONNECTOR_RULE',
  'IDENTITY_OBJECT_CONFIG',
  'IDENTITY_PROFILE',
  'RULE',
  'SOURCE',
  'TRANSFORM',
  'TRIGGER_SUBSCRIPTION',
] as const;

export const EXPORTABLE_OBJECT_TYPES: readonly string[] = [
  'ACCESS_PROFILE',
  'ACCESS_REQUEST_CONFIG',
  'ATTR_SYNC_SOURCE_CONFIG',
  'AUTH_ORG',
  'CAMPAIGN_FILTER',
  'CONNECTOR_RULE',
  'FORM_DEFINITION',
  'GOVERNANCE_GROUP',
  'IDENTITY_OBJECT_CONFIG',
  'IDENTITY_PROFILE',
  'LIFECYCLE_STATE',
  'NOTIFICATION_TEMPLATE',
  'PASSWORD_POLICY',
  'PASSWORD_SYNC_GROUP',
  'PUBLIC_IDENTITIES_CONFIG',
  'ROLE',
  'RULE',
  'SEGMENT',
  'SERVICE_DESK_INTEGRATION',
  'SOD_POLICY',
  'SOURCE',
  'TAG',
  'TRANSFORM',
  'TRIGGER_SUBSCRIPTION',
  'WORKFLOW',
];

const OPTION_TYPES: ReadonlySet<string> = new Set(IMPORTABLE_OBJECT_TYPES);

/** Whether a type name is allowed in ImportOptions' type lists (the spec's seven-value enum). */
export function isImportOptionType(type: string): boolean {
  return OPTION_TYPES.has(type);
}

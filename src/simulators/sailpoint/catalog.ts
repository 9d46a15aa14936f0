/**
 * Names the generated export documents draw from: what an identity team typically moves between
 * sandbox and production tenants. Types outside the importable seven appear now and then, as real
 * exports hold them too (SelfImportExportDto) [S].
 */
export const OBJECT_NAMES: Readonly<Record<string, readonly string[]>> = {
  SOURCE: [
    'Workday HR',
    'Active Directory - Corp',
    'ServiceNow ITSM',
    'Okta Workforce',
    'Salesforce Sales Cloud',
    'SAP S/4HANA',
    'Entra ID',
    'Google Workspace',
    'GitHub Enterprise',
    'Jira Cloud',
  ],
  TRANSFORM: [
    'Lowercase Email',
    'Build Display Name',
    'Department Lookup',
    'Normalize Phone Number',
    'Calculate Lifecycle State',
    'Generate Username',
    'Cost Center Map',
    'Legacy Title Mapping (invalid)',
  ],
  RULE: [
    'Correlation - Employee ID',
    'IdentityAttribute - Manager Lookup',
    'BeforeProvisioning - Disable Leavers',
    'AttributeGenerator - sAMAccountName',
  ],
  CONNECTOR_RULE: [
    'AD BeforeCreate - Set OU',
    'WebServices AfterOperation - Parse Roles',
    'JDBC Provision - HR Sync',
  ],
  IDENTITY_PROFILE: ['Employees', 'Contractors', 'Service Accounts', 'Interns', 'Partners'],
  IDENTITY_OBJECT_CONFIG: ['Identity Object Configuration'],
  TRIGGER_SUBSCRIPTION: [
    'Access Request Pre-Approval Hook',
    'Provisioning Completed Webhook',
    'Identity Attributes Changed Relay',
  ],
  ROLE: ['Finance Analyst', 'Help Desk Tier 1'],
  ACCESS_PROFILE: ['AD - VPN Users', 'Salesforce - Read Only'],
  WORKFLOW: ['Joiner Welcome Email'],
};

/** How often each type shows up in a generated export. */
export const TYPE_WEIGHTS: readonly (readonly [string, number])[] = [
  ['TRANSFORM', 8],
  ['SOURCE', 5],
  ['RULE', 4],
  ['IDENTITY_PROFILE', 3],
  ['CONNECTOR_RULE', 2],
  ['TRIGGER_SUBSCRIPTION', 2],
  ['IDENTITY_OBJECT_CONFIG', 1],
  ['ROLE', 1],
  ['ACCESS_PROFILE', 1],
  ['WORKFLOW', 1],
];

/** Tenants exports come from: configuration is promoted from lower environments. */
export const SOURCE_TENANTS: readonly string[] = ['acme-sb', 'acme-dev', 'acme-uat'];

export const IDENTITY_OWNERS: readonly string[] = [
  'Priya Raman',
  'Marcus Feld',
  'Aiko Tanaka',
  'Sofia Lindqvist',
  'Departed Admin (missing)',
];

/** What went wrong in a FAILED job; the API documents no failure texts, these are ours [I]. */
export const FAILURE_MESSAGES: readonly string[] = [
  'Backup export did not finish; no objects were imported.',
  'Unexpected error while importing objects; no objects were imported.',
];

export const CANCELLED_MESSAGE = 'The import job was cancelled.';

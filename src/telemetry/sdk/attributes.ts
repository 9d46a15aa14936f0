/**
 * The attribute names the gateway's spans carry: OpenTelemetry's semantic conventions where they
 * name the thing (`graphql.operation.*`, `http.*`, `url.template`, `db.system.name`, some still
 * "development" there, hence written out rather than imported from the incubating entry point),
 * `gateway.*` for what is ours. docs/OPERATIONS.md (Traces) lists them span by span.
 */
export const ATTR = {
  operationName: 'graphql.operation.name',
  operationType: 'graphql.operation.type',
  outcome: 'gateway.operation.outcome',
  transport: 'gateway.transport',
  provider: 'gateway.provider',
  method: 'http.request.method',
  status: 'http.response.status_code',
  route: 'url.template',
  attempts: 'gateway.upstream.attempts',
  retryDelayMs: 'gateway.upstream.retry_delay_ms',
  rateLimitWaitMs: 'gateway.upstream.rate_limit_wait_ms',
  shared: 'gateway.upstream.shared',
  refused: 'gateway.upstream.refused',
  dbSystem: 'db.system.name',
  deliveries: 'gateway.live.deliveries',
} as const;

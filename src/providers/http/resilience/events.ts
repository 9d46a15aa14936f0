import type { ImportProvider } from '../../../imports/model.ts';
import type { BreakerState } from './circuit-breaker.ts';
import type { TransportFailure } from './retry-policy.ts';

/**
 * What the resilience layer did, for logs and metrics (vendor latency and statuses, retries,
 * breaker state). Each variant is one fact:
 * - `attempt`: one request reached the wire and ended with `status` or a transport `failure`
 * - `retry`: another attempt follows after `delayMs`, because of `reason` (a status or a failure)
 * - `breaker`: the vendor's circuit moved to `state`
 * - `queued`: a request waited `waitMs` for a rate-limit slot
 * - `refused`: the gateway answered without calling the vendor (open circuit, no slot before the deadline)
 * - `shared`: a GET joined an identical one already in flight instead of being sent
 */
export type ResilienceEvent =
  | {
      kind: 'attempt';
      provider: ImportProvider;
      method: string;
      ms: number;
      status?: number;
      failure?: TransportFailure;
    }
  | {
      kind: 'retry';
      provider: ImportProvider;
      method: string;
      attempt: number;
      delayMs: number;
      reason: string;
    }
  | { kind: 'breaker'; provider: ImportProvider; state: BreakerState['kind'] }
  | { kind: 'queued'; provider: ImportProvider; bucket: string; waitMs: number }
  | { kind: 'refused'; provider: ImportProvider; reason: 'circuit-open' | 'rate-limit' }
  | { kind: 'shared'; provider: ImportProvider; method: string };

export type ResilienceListener = (event: ResilienceEvent) => void;

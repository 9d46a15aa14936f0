import type { ExecutionResult } from 'graphql';
import { upstreamUnavailable } from '../../graphql/errors.ts';
import type { SubscriptionJoining } from '../../graphql/resolvers/Subscription/joining.ts';
import type { DeliveryBudget } from '../../live/event-queue.ts';
import { countDeliveries } from '../../telemetry/spans.ts';
import { subscribeOperation, type LiveOperation } from '../operation/execute.ts';
import type { GroupMember } from './group-member.ts';
import { serializedPayload } from './next-frame.ts';
import { FrameBatch } from './socket-frames.ts';

export interface BroadcastGroupOptions {
  /** The first subscriber's operation: its document, variables and scope set up the stream. */
  operation: LiveOperation;
  joining: SubscriptionJoining;
  /** Events the group's stream may hold while an earlier one is executed (MAX_QUEUED_EVENTS). */
  maxQueuedEvents: number;
  /** The group is over: nobody may join it any more. */
  onClosed: () => void;
}

/**
 * The subscriptions of one document, variables and principal on this instance's WebSockets,
 * served by one stream: one subscribe resolver (one live-layer queue, one feed listener, one
 * watch), one reader of its results, and per event one execution (operation/execute.ts, shared
 * with SSE subscribers of the same key by shared-execution.ts), one serialization, and one
 * `ws.send` per member with only the id differing (`deliver`). Members come and go; the stream
 * is set up on the group's own signal, so the first subscriber leaving ends nothing for the others,
 * and it is closed when the last member leaves.
 */
export class BroadcastGroup {
  /** Settles once the stream is set up: undefined when it runs, or the result that refused it. */
  readonly ready: Promise<ExecutionResult | undefined>;
  private readonly members = new Set<GroupMember>();
  private readonly lifetime = new AbortController();
  private readonly backlog: GroupBacklog;
  private results: AsyncIterator<ExecutionResult> | undefined;
  /** The payload of the latest event, for members joining a `from-latest` stream. */
  private latest: string | undefined;
  private closed = false;

  constructor(private readonly options: BroadcastGroupOptions) {
    this.backlog = new GroupBacklog(options.maxQueuedEvents);
    this.ready = this.setUp();
  }

  /** Whether a subscriber may still join (the stream has not ended and has members). */
  get joinable(): boolean {
    return !this.closed;
  }

  join(member: GroupMember): void {
    this.members.add(member);
    if (this.latest !== undefined) member.sendNow(this.latest);
  }

  leave(member: GroupMember): void {
    this.members.delete(member);
    if (this.members.size === 0) this.close();
  }

  /**
   * One event to every member: `result` was executed once for the group; it is serialized once
   * here and written to each member's socket. Answers the deliveries.
   */
  deliver(result: ExecutionResult): number {
    const payload = serializedPayload(result);
    if (this.options.joining === 'from-latest') this.latest = payload;
    const batch = new FrameBatch(payload);
    try {
      for (const member of this.members) member.send(batch);
    } finally {
      batch.flush();
    }
    countDeliveries(result, this.members.size);
    return this.members.size;
  }

  private async setUp(): Promise<ExecutionResult | undefined> {
    const { operation } = this.options;
    let outcome: AsyncIterableIterator<ExecutionResult> | ExecutionResult;
    try {
      outcome = await subscribeOperation({
        ...operation,
        scope: { ...operation.scope, delivery: this.backlog },
        connection: this.lifetime.signal,
        // Members free their own cap slots.
        onEnd: undefined,
      });
    } catch (error) {
      this.end({ error });
      throw error;
    }
    if (!(Symbol.asyncIterator in outcome)) {
      this.end();
      return outcome;
    }
    this.results = outcome;
    if (this.closed) void outcome.return?.();
    else void this.pump(outcome);
    return undefined;
  }

  private async pump(results: AsyncIterator<ExecutionResult>): Promise<void> {
    try {
      for (let step = await results.next(); !step.done; step = await results.next()) this.deliver(step.value);
      this.end(this.backlog.overflowed ? { error: fellBehind(this.backlog.max) } : undefined);
    } catch (error) {
      this.end({ error });
    }
  }

  /** The stream ended (`failure`: with an error): every member ends with it. */
  private end(failure?: { error: unknown }): void {
    const error =
      failure && (failure.error instanceof Error ? failure.error : new Error(String(failure.error)));
    const members = [...this.members];
    this.members.clear();
    this.close();
    for (const member of members) member.finish(error && { error });
  }

  private close(): void {
    if (this.closed) return;
    this.closed = true;
    this.options.onClosed();
    this.lifetime.abort(new Error('no subscriber left'));
    void this.results?.return?.();
  }
}

/**
 * The group's stream queues the events that arrive while one is executed; members never hold it
 * up (their frames are written without waiting, socket-frames.ts). Past the bound the executions
 * have fallen too far behind the changes (slow vendor reads of nested fields): the stream stops
 * and its members get an error instead of a backlog that grows.
 */
class GroupBacklog implements DeliveryBudget {
  private waiting = 0;
  overflowed = false;

  constructor(readonly max: number) {}

  take(): boolean {
    if (this.waiting >= this.max) {
      this.overflowed = true;
      return false;
    }
    this.waiting += 1;
    return true;
  }

  give(): void {
    this.waiting = Math.max(0, this.waiting - 1);
  }
}

function fellBehind(max: number) {
  return upstreamUnavailable(
    `This subscription's events waited for more than ${max} earlier ones to be resolved (the vendors answer ` +
      'slowly); it was ended. Subscribe again.',
  );
}

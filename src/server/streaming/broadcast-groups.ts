import type { ExecutionResult } from 'graphql';
import { subscriptionJoining } from '../../graphql/resolvers/Subscription/joining.ts';
import { joinSubscription, type LiveOperation } from '../operation/execute.ts';
import { sharingKey } from '../operation/shared-execution.ts';
import { BroadcastGroup } from './broadcast-group.ts';
import { GroupMember } from './group-member.ts';
import type { SocketFrames } from './socket-frames.ts';

/** A subscription operation a WebSocket client sent, once prepared, checked and given its cap slot. */
export interface SocketSubscription {
  /** Its `onEnd` frees the cap slot. */
  operation: LiveOperation;
  /** The client's id of the subscription, the only part of its frames that is its own. */
  id: string;
  frames: SocketFrames;
}

/**
 * The broadcast groups of one instance's WebSockets (broadcast-group.ts), by what makes two
 * subscriptions' executions of an event the same: document, variables and principal
 * (operation/shared-execution.ts). A subscription joins the open group of its key when its field
 * allows it (graphql/resolvers/Subscription/joining.ts) and otherwise gets a group of its own, so
 * every WebSocket subscription is delivered the same way.
 */
export class BroadcastGroups {
  private readonly joinable = new Map<string, BroadcastGroup>();

  constructor(private readonly options: { maxQueuedEvents: number }) {}

  /**
   * What graphql-ws iterates for this subscription: a stream that ends with the group's, or the
   * result that refused the set-up (an unknown import, an invalid filter). Throws what the set-up
   * threw.
   */
  async subscribe(subscription: SocketSubscription): Promise<AsyncIterableIterator<never> | ExecutionResult> {
    const { operation } = subscription;
    const { ready, scope } = operation;
    // An SSE stream's Last-Event-ID resumes from a past event, as `after` does.
    const joining =
      scope.lastEventId === undefined
        ? subscriptionJoining(ready.args.document, ready.args.operationName)
        : 'alone';
    const key = joining === 'alone' ? undefined : sharingKey(ready, scope.principal);
    const existing = key === undefined ? undefined : this.joinable.get(key);
    const group = existing ?? this.openGroup(operation, joining, key);
    const member = new GroupMember(
      subscription.id,
      subscription.frames,
      operation.onEnd ?? (() => undefined),
      (leaving) => group.leave(leaving),
    );
    group.join(member);
    // The group's set-up was its first subscriber's operation (operation/execute.ts); each joiner
    // is one of its own.
    const refusal = existing ? await joinSubscription(operation, group.ready) : await group.ready;
    return refusal ?? member;
  }

  /** Groups that subscribers may join now. */
  get size(): number {
    return this.joinable.size;
  }

  private openGroup(
    operation: LiveOperation,
    joining: ReturnType<typeof subscriptionJoining>,
    key: string | undefined,
  ): BroadcastGroup {
    const group: BroadcastGroup = new BroadcastGroup({
      operation,
      joining,
      maxQueuedEvents: this.options.maxQueuedEvents,
      onClosed: () => {
        if (key !== undefined && this.joinable.get(key) === group) this.joinable.delete(key);
      },
    });
    if (key !== undefined) this.joinable.set(key, group);
    return group;
  }
}

import { nextFramePrefix } from './next-frame.ts';
import { framePrefix, type FrameBatch, type FramePrefix, type SocketFrames } from './socket-frames.ts';

const DONE: IteratorResult<never> = { value: undefined, done: true };

/**
 * One subscription of a broadcast group (broadcast-group.ts), as graphql-ws sees it: a stream
 * that yields nothing, since the group writes this subscription's `next` frames itself, and
 * that ends when the group's stream does (graphql-ws then sends `complete`) or fails with the
 * group's error (graphql-ws sends `error`). graphql-ws's `return()` (the client's `complete`, the
 * socket closing) takes it out of its group. Per subscription it holds one pending promise, not
 * one per event.
 */
export class GroupMember implements AsyncIterableIterator<never> {
  /** The frame up to its payload: only this differs between the subscribers of a group. */
  private readonly prefix: FramePrefix;
  private ended = false;
  private failure: { error: Error } | undefined;
  private waiting:
    { resolve: (step: IteratorResult<never>) => void; reject: (error: Error) => void } | undefined;

  constructor(
    id: string,
    private readonly frames: SocketFrames,
    /** Frees the subscription's cap slot; runs once, synchronously, however it ends. */
    private readonly onEnd: () => void,
    /** Takes it out of its group (the group may close when it was the last). */
    private readonly leave: (member: GroupMember) => void,
  ) {
    this.prefix = framePrefix(nextFramePrefix(id));
  }

  /** One event's `next` frame, around a payload serialized once for the whole group, in `batch`. */
  send(batch: FrameBatch): void {
    if (!this.ended) this.frames.add(this.prefix, batch);
  }

  /** One `next` frame now (the latest event, to a subscriber that joins). */
  sendNow(payloadJson: string): void {
    if (!this.ended) this.frames.write(this.prefix, payloadJson);
  }

  /** The group's stream ended (no error: completion) or failed (`error`). */
  finish(failure?: { error: Error }): void {
    if (this.ended) return;
    this.end();
    const waiting = this.waiting;
    this.waiting = undefined;
    if (!failure) return waiting?.resolve(DONE);
    if (waiting) waiting.reject(failure.error);
    else this.failure = failure;
  }

  next(): Promise<IteratorResult<never>> {
    if (this.failure) {
      const { error } = this.failure;
      this.failure = undefined;
      return Promise.reject(error);
    }
    if (this.ended) return Promise.resolve(DONE);
    return new Promise((resolve, reject) => {
      this.waiting = { resolve, reject };
    });
  }

  return(): Promise<IteratorResult<never>> {
    this.finish();
    this.leave(this);
    return Promise.resolve(DONE);
  }

  throw(): Promise<IteratorResult<never>> {
    return this.return();
  }

  [Symbol.asyncIterator](): AsyncIterableIterator<never> {
    return this;
  }

  private end(): void {
    this.ended = true;
    this.onEnd();
  }
}

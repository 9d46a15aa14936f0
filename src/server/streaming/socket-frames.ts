import type { Duplex } from 'node:stream';
import type { WebSocket } from 'ws';
import type { DeliveryBudget } from '../../live/event-queue.ts';

/** RFC 6455 §5.2: FIN and the text opcode, the first byte of every `next` frame. */
const FINAL_TEXT_FRAME = 0x81;
const CLOSING_BRACE = 0x7d;

/** What comes before a frame's payload, by its length (RFC 6455 §5.2; a server's frames are not masked). */
function headerBytes(length: number): number {
  return length < 126 ? 2 : length < 65_536 ? 4 : 10;
}

function writeHeader(target: Buffer, offset: number, length: number): number {
  target[offset] = FINAL_TEXT_FRAME;
  if (length < 126) {
    target[offset + 1] = length;
    return offset + 2;
  }
  if (length < 65_536) {
    target[offset + 1] = 126;
    target.writeUInt16BE(length, offset + 2);
    return offset + 4;
  }
  target[offset + 1] = 127;
  target.writeBigUInt64BE(BigInt(length), offset + 2);
  return offset + 10;
}

/** The part of a `next` frame that is one subscriber's own: the text before the payload. */
export interface FramePrefix {
  readonly text: string;
  readonly bytes: number;
}

export function framePrefix(text: string): FramePrefix {
  return { text, bytes: Buffer.byteLength(text) };
}

/**
 * The `next` frames of one WebSocket's subscriptions, written by their broadcast groups
 * (broadcast-group.ts) without waiting. Each write counts as one event against the connection's
 * backlog until it has been handed to the kernel, however many of the socket's subscriptions it
 * carries: 100 subscriptions of one import make one event a socket must take, not 100. A client
 * that stops reading fills its socket buffers, its writes stay counted, and past the budget's
 * bound the connection is dropped as too slow (connection-budget.ts) instead of growing memory;
 * nothing more is written to it.
 */
export class SocketFrames {
  /** One callback for the socket's single frames, rather than a closure per frame. */
  private readonly sent: () => void;
  /** Frames of the batch being written: their subscribers' prefixes. */
  private batched: FramePrefix[] = [];

  constructor(
    private readonly socket: WebSocket,
    /** The TCP socket under `socket`, as the upgrade handed it to `ws`. */
    private readonly transport: Duplex,
    private readonly budget: DeliveryBudget,
  ) {
    this.sent = () => budget.give();
  }

  /** One frame now, through `ws` (a subscriber that joins a group gets its latest event so). */
  write(prefix: FramePrefix, payloadJson: string): void {
    if (!this.open() || !this.budget.take()) return;
    this.socket.send(`${prefix.text}${payloadJson}}`, this.sent);
  }

  /** One frame of `batch`, written with the socket's other frames of it when the batch flushes. */
  add(prefix: FramePrefix, batch: FrameBatch): void {
    if (!this.open()) return;
    if (this.batched.length === 0) {
      if (!this.budget.take()) return;
      batch.sockets.push(this);
    }
    this.batched.push(prefix);
  }

  /**
   * The socket's frames of one event in one buffer and one write. `ws` would make a header, a
   * copy of the text and a system call per frame; these frames differ only by their prefix. The
   * server never negotiates permessage-deflate (ws's default), so `ws` writes each of its own
   * messages to the socket at once and none can be waiting to go between these.
   */
  flush(payload: Buffer): void {
    const prefixes = this.batched;
    this.batched = [];
    // Dropped as too slow while the batch was made: the close frame is out, nothing follows it.
    if (!this.open()) return this.budget.give();
    let size = 0;
    for (const prefix of prefixes) {
      const length = prefix.bytes + payload.length + 1;
      size += headerBytes(length) + length;
    }
    const frames = Buffer.allocUnsafe(size);
    let offset = 0;
    for (const prefix of prefixes) {
      offset = writeHeader(frames, offset, prefix.bytes + payload.length + 1);
      offset += frames.write(prefix.text, offset, 'utf8');
      offset += payload.copy(frames, offset);
      frames[offset++] = CLOSING_BRACE;
    }
    this.transport.write(frames, this.sent);
  }

  private open(): boolean {
    return this.socket.readyState === this.socket.OPEN;
  }
}

/**
 * The frames of one event to every subscriber of a group, gathered per socket and written at the
 * end: one buffer and one system call per socket rather than per frame. With 100 subscriptions
 * of one import on a socket, that is 1 write instead of 100.
 */
export class FrameBatch {
  readonly sockets: SocketFrames[] = [];
  private readonly payload: Buffer;

  constructor(payloadJson: string) {
    this.payload = Buffer.from(payloadJson, 'utf8');
  }

  flush(): void {
    for (const frames of this.sockets) frames.flush(this.payload);
    this.sockets.length = 0;
  }
}

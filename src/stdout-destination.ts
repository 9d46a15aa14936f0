import { writeSync } from 'node:fs';
import type { DestinationStream } from 'pino';

/**
 * Log lines on stdout that never wait for it. pino's default destination (sonic-boom) retries a
 * failing write for ever: at exit it flushes synchronously, sleeping and retrying on EAGAIN (a
 * full pipe) and on every other error too (EPIPE: the reader is gone), so a gateway told to stop
 * whose stdout reader went away, or stopped reading, spun there and never exited. Here every write
 * is tried once: a line the pipe cannot take right now is dropped, and after EPIPE nothing more is
 * written. Losing log lines on a dead or stuck stdout is acceptable, hanging is not.
 */
export function stdoutDestination(): DestinationStream {
  // Reading process.stdout makes Node open it: a pipe or socket is then non-blocking (libuv), so
  // a full pipe answers EAGAIN at once instead of stopping the thread in write(2).
  const fd = process.stdout.fd;
  let gone = false;
  // A line cut short by a full pipe: the next one starts on a line of its own, so the reader
  // loses one line rather than getting two glued into invalid JSON.
  let torn = false;
  // Lines lost to a full pipe, told to the reader with the first line that gets through again, so
  // a gap in the logs is visible where it happened instead of silent.
  let dropped = 0;
  return {
    write(line: string) {
      if (gone) return;
      const head = Buffer.from(`${torn ? '\n' : ''}${dropped > 0 ? droppedNotice(dropped) : ''}`);
      let pending = Buffer.concat([head, Buffer.from(line)]);
      // Bytes of the notice still to write: its count is spent only once all of it is out.
      let headLeft = head.length;
      const lost = () => {
        dropped = (headLeft > 0 ? dropped : 0) + 1;
      };
      try {
        // One write takes a whole line almost always; a line longer than the pipe's free space is
        // written in parts for as long as the pipe takes them (each part moves on, so this ends).
        for (;;) {
          const written = writeSync(fd, pending);
          headLeft = Math.max(0, headLeft - written);
          if (written === pending.length) {
            torn = false;
            dropped = 0;
            return;
          }
          if (written === 0) return lost();
          torn = true;
          pending = pending.subarray(written);
        }
      } catch (error) {
        // EAGAIN (full) loses this line only; EPIPE (no reader) and EBADF (closed) are for good.
        const code = (error as NodeJS.ErrnoException).code;
        if (code === 'EPIPE' || code === 'EBADF') gone = true;
        else lost();
      }
    },
  };
}

/** A log line of pino's shape (level 40, warn) saying how many lines the full pipe cost. */
function droppedNotice(count: number): string {
  return `${JSON.stringify({
    level: 40,
    time: Date.now(),
    service: 'import-gateway',
    droppedLines: count,
    msg: `${count} log line(s) were dropped: stdout was full (its reader did not keep up)`,
  })}\n`;
}

import { abortError } from '../../../deadline.ts';
import { callerOf, setCallerOf } from '../../../signal-caller.ts';

/** What a shared request runs with: a signal that aborts when every caller gave up, and their latest deadline. */
export interface FlightContext {
  signal: AbortSignal;
  deadline(): number;
}

interface Member {
  deadline: number;
}

interface Flight<T> {
  promise: Promise<T>;
  controller: AbortController;
  members: Set<Member>;
}

/**
 * Concurrent identical requests share one in-flight request (within one GraphQL operation and
 * across operations). Only in-flight ones: the entry is gone the moment the request settles, so
 * nothing is ever answered from memory (the @apollo/datasource-rest lesson, STYLE.md).
 *
 * Each caller keeps its own deadline: a caller that gives up leaves the flight with an abort,
 * and the shared request is cancelled only when the last caller has left.
 */
export class SingleFlight<T> {
  private readonly flights = new Map<string, Flight<T>>();

  /** Calls `start` unless a flight for `key` is under way, and answers the flight's outcome. */
  run(
    key: string,
    signal: AbortSignal | undefined,
    deadline: number,
    start: (context: FlightContext) => Promise<T>,
  ): { promise: Promise<T>; shared: boolean } {
    if (signal?.aborted) return { promise: Promise.reject(abortError()), shared: false };
    let flight = this.flights.get(key);
    const shared = flight !== undefined;
    if (!flight) {
      const controller = new AbortController();
      // The shared request is charged to the caller who started it (rate-limit shares).
      const caller = callerOf(signal);
      if (caller !== undefined) setCallerOf(controller.signal, caller);
      const members = new Set<Member>();
      const context: FlightContext = {
        signal: controller.signal,
        deadline: () =>
          members.size === 0 ? deadline : Math.max(...[...members].map((member) => member.deadline)),
      };
      const created: Flight<T> = { controller, members, promise: Promise.resolve() as Promise<T> };
      created.promise = start(context).finally(() => {
        if (this.flights.get(key) === created) this.flights.delete(key);
      });
      // The outcome is read through each member's promise; this keeps an unread rejection quiet.
      created.promise.catch(() => {});
      this.flights.set(key, created);
      flight = created;
    }
    return { promise: this.join(flight, signal, deadline), shared };
  }

  private join(flight: Flight<T>, signal: AbortSignal | undefined, deadline: number): Promise<T> {
    const member: Member = { deadline };
    flight.members.add(member);
    return new Promise<T>((resolve, reject) => {
      const leave = () => {
        flight.members.delete(member);
        signal?.removeEventListener('abort', onAbort);
      };
      const onAbort = () => {
        leave();
        if (flight.members.size === 0) flight.controller.abort();
        reject(abortError());
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      flight.promise.then(
        (value) => {
          leave();
          resolve(value);
        },
        (error: Error) => {
          leave();
          reject(error);
        },
      );
    });
  }
}

import type { GraphQLError } from 'graphql';
import type { SubscriptionSettings } from '../../config.ts';
import { rateLimited } from '../../graphql/errors.ts';
import type { Principal } from '../../principal.ts';

export const DEFAULT_SUBSCRIPTION_SETTINGS: SubscriptionSettings = {
  maxPerConnection: 100,
  maxPerInstance: 10_000,
};

/**
 * Caps on live subscriptions, shared by the WebSocket and SSE transports: per client connection
 * (one connection cannot take the whole instance), per caller (the principal's id, across all its
 * connections: opening more connections does not lift the cap, MAX_SUBSCRIPTIONS_PER_PRINCIPAL)
 * and per instance (memory and watcher work stay bounded). A refused subscription is an error
 * event; the connection stays open.
 */
export class SubscriptionLimits {
  private total = 0;
  private readonly perConnection = new WeakMap<object, number>();
  private readonly perPrincipal = new Map<string, number>();
  private readonly maxPerPrincipal: number;

  constructor(
    private readonly settings: SubscriptionSettings = DEFAULT_SUBSCRIPTION_SETTINGS,
    maxPerPrincipal?: number,
  ) {
    this.maxPerPrincipal = maxPerPrincipal ?? settings.maxPerInstance;
  }

  /** Answers a release function, or the error to send when a cap is reached. */
  acquire(connection: object, principal: Principal): (() => void) | GraphQLError {
    const mine = this.perConnection.get(connection) ?? 0;
    if (mine >= this.settings.maxPerConnection)
      return limitReached(
        `This connection already has ${mine} subscriptions, the most one connection may have.`,
      );
    const theirs = this.perPrincipal.get(principal.id) ?? 0;
    if (theirs >= this.maxPerPrincipal)
      return limitReached(
        `This credential (${principal.name}) already has ${theirs} subscriptions across its connections, ` +
          'the most one caller may have (MAX_SUBSCRIPTIONS_PER_PRINCIPAL).',
      );
    if (this.total >= this.settings.maxPerInstance)
      return limitReached('This gateway instance serves as many subscriptions as it may; try again later.');
    this.perConnection.set(connection, mine + 1);
    this.perPrincipal.set(principal.id, theirs + 1);
    this.total += 1;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.total -= 1;
      this.perConnection.set(connection, (this.perConnection.get(connection) ?? 1) - 1);
      const left = (this.perPrincipal.get(principal.id) ?? 1) - 1;
      if (left > 0) this.perPrincipal.set(principal.id, left);
      else this.perPrincipal.delete(principal.id);
    };
  }

  /** Subscriptions open on this instance. */
  get active(): number {
    return this.total;
  }
}

const limitReached = (message: string): GraphQLError => rateLimited(message);

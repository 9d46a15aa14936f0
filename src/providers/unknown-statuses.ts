import type { ImportProvider } from '../imports/model.ts';
import type { Logger } from '../log.ts';

/** Distinct unknown values remembered per vendor; a vendor sending more is broken, not evolving. */
export const MAX_REMEMBERED_STATUSES = 100;
/** Long enough for any real status; a longer value is cut so a log line stays small. */
const MAX_LOGGED_LENGTH = 100;

/**
 * Says once, at `warn`, that a vendor reported an import status the gateway does not know. Such an
 * import is still served (RUNNING, not terminal, raw value in `providerStatus`: each vendor's
 * map.ts), so this warning is how an operator learns the vendor added a status. Once per value:
 * a list of a hundred such imports, read on every poll, must not flood the log. The remembered
 * values are capped; past the cap one more line says so and later new values are not logged.
 */
export class UnknownStatusLog {
  private readonly seen = new Set<string>();
  private full = false;

  constructor(
    private readonly log: Logger,
    private readonly provider: ImportProvider,
    private readonly isKnown: (status: string) => boolean,
  ) {}

  /** Checks one reported status; logs it when it is unknown and new. */
  notice(status: string): void {
    if (this.isKnown(status) || this.seen.has(status) || this.full) return;
    if (this.seen.size >= MAX_REMEMBERED_STATUSES) {
      this.full = true;
      this.log.warn(
        { provider: this.provider, remembered: MAX_REMEMBERED_STATUSES },
        'too many distinct unknown import statuses; further new ones are not logged',
      );
      return;
    }
    this.seen.add(status);
    this.log.warn(
      { provider: this.provider, providerStatus: status.slice(0, MAX_LOGGED_LENGTH) },
      'unknown import status: served as RUNNING, not terminal',
    );
  }
}

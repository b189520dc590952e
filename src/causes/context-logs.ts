// The wearer's last few daily context logs (PROTOCOL §5), oldest first: the latest is the day
// before tonight; the ones before it give the "usual" level that a sudden rise in activity is
// measured against (rules.ts, `sudden_rise_in_activity`). Bounded, so a device's state does not
// grow however many logs the app sends.
import type { ContextLog } from '../core/types.ts';
import { dayActivity } from './day.ts';
import type { EarlierNight } from './facts.ts';

/** A week of usual days and the day before tonight. */
export const CONTEXT_LOGS_KEPT = 8;

export class ContextLogs {
  private readonly logs: ContextLog[] = [];

  /** Keeps `log` in time order; a log with the same `t` as a kept one replaces it (a resend, an edit). */
  add(log: ContextLog): void {
    const same = this.logs.findIndex((l) => l.t === log.t);
    if (same >= 0) this.logs[same] = log;
    else {
      let at = this.logs.length;
      while (at > 0 && this.logs[at - 1].t > log.t) at--;
      this.logs.splice(at, 0, log);
    }
    if (this.logs.length > CONTEXT_LOGS_KEPT) this.logs.shift();
  }

  /** The day before tonight: the newest log. */
  latest(): ContextLog | undefined {
    return this.logs[this.logs.length - 1];
  }

  /** The days before that one, oldest first, as the cause rules take them. */
  earlierDays(): EarlierNight[] {
    return this.logs.slice(0, -1).map((log) => ({ day: dayActivity(log) }));
  }

  /** Every kept log, oldest first: what a fresh core of the same device is given. */
  all(): readonly ContextLog[] {
    return this.logs;
  }
}

// The date a night is known by (PROTOCOL §10.2): the calendar date, in the wearer's time zone
// (§10.3, the profile's `tz`, else UTC), of the evening on which it began.
import { ZonedClock } from '../report/time-zone.ts';

const clocks = new Map<string, ZonedClock>();

/** A night that began at `startMs` — at 22:40 local, or at 00:30 local the next day — is named by its evening's date. */
export function nightDateOf(startMs: number, timeZone = 'UTC'): string {
  let clock = clocks.get(timeZone);
  // Intl.DateTimeFormat construction is the slow part: one per zone, and zones are few
  if (!clock) clocks.set(timeZone, (clock = new ZonedClock(timeZone)));
  return clock.nightOf(startMs);
}

// A wall-clock time in a wearer's time zone (PROTOCOL §10.3) as epoch ms, through Intl only (the
// simulator keeps no zone database of its own, and does not borrow the pipeline's code).

const formats = new Map<string, Intl.DateTimeFormat>();

function format(timeZone: string): Intl.DateTimeFormat {
  let f = formats.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-GB', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' });
    formats.set(timeZone, f);
  }
  return f;
}

/** Local time minus UTC at `tMs`, ms. */
export function zoneOffsetMs(tMs: number, timeZone: string): number {
  const p: Record<string, number> = {};
  for (const part of format(timeZone).formatToParts(new Date(tMs))) if (part.type !== 'literal') p[part.type] = Number(part.value);
  return Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second) - Math.floor(tMs / 1000) * 1000;
}

/**
 * Epoch ms of `hour` (fractional, may pass 24 into the next day) on the local calendar date
 * `date` (YYYY-MM-DD) in `timeZone`. A local time that a DST change skips or repeats comes out
 * an hour to one side (bedtimes are never there: changes happen at 01:00–03:00).
 */
export function zonedTimeMs(date: string, hour: number, timeZone: string): number {
  const [y, m, d] = date.split('-').map(Number);
  const asUtc = Date.UTC(y, m - 1, d) + Math.round(hour * 3_600_000);
  const first = asUtc - zoneOffsetMs(asUtc, timeZone);
  return asUtc - zoneOffsetMs(first, timeZone);
}

/** The calendar date `days` after `date` (YYYY-MM-DD), as a date with no zone. */
export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T12:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

// Wall-clock times in the wearer's time zone, through Intl (no clock read, no tz database of our
// own; UTC straight from Date). Built once per report: Intl.DateTimeFormat construction is the
// slow part.

export interface ZonedParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

export class ZonedClock {
  /** for any zone but UTC (see partsOf) */
  private readonly parts: Intl.DateTimeFormat | undefined;
  private readonly nightCache = new Map<number, string>();

  constructor(readonly timeZone: string) {
    // UTC, the zone of every wearer without a `tz` (PROTOCOL §10.3), is read from Date: the
    // first Intl.DateTimeFormat of a process costs ~14 ms (ICU's set-up), a tenth of a short
    // replay's start, for the same fields
    if (timeZone === 'UTC') return;
    // hourCycle h23 avoids the "24:00" some engines print for midnight with hour12: false
    this.parts = new Intl.DateTimeFormat('en-GB', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    });
  }

  partsOf(tMs: number): ZonedParts {
    if (!this.parts) {
      const d = new Date(tMs);
      if (Number.isNaN(d.getTime())) throw new RangeError('Invalid time value'); // as formatToParts
      return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate(), hour: d.getUTCHours(), minute: d.getUTCMinutes(), second: d.getUTCSeconds() };
    }
    const out: Record<string, number> = {};
    for (const p of this.parts.formatToParts(new Date(tMs))) if (p.type !== 'literal') out[p.type] = Number(p.value);
    return { year: out.year, month: out.month, day: out.day, hour: out.hour, minute: out.minute, second: out.second };
  }

  /** local time minus UTC at tMs, ms */
  offsetMs(tMs: number): number {
    const p = this.partsOf(tMs);
    const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
    return asUtc - Math.floor(tMs / 1000) * 1000;
  }

  /** "23:07" */
  hhmm(tMs: number): string {
    const p = this.partsOf(tMs);
    return `${pad2(p.hour)}:${pad2(p.minute)}`;
  }

  /** "23:07:41" */
  hhmmss(tMs: number): string {
    const p = this.partsOf(tMs);
    return `${pad2(p.hour)}:${pad2(p.minute)}:${pad2(p.second)}`;
  }

  /** "2026-11-26" */
  isoDate(tMs: number): string {
    const p = this.partsOf(tMs);
    return `${p.year}-${pad2(p.month)}-${pad2(p.day)}`;
  }

  /** "Wed, 25 Nov 2026" for a night named "2026-11-25" (a calendar date: no zone applies). */
  static nightWords(nightDate: string): string {
    return (nightWords ??= new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', weekday: 'short', day: 'numeric', month: 'short', year: 'numeric' })).format(new Date(`${nightDate}T12:00:00Z`));
  }

  /** "Wed 25 Nov" */
  static nightShortWords(nightDate: string): string {
    return (nightShortWords ??= new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', weekday: 'short', day: 'numeric', month: 'short' })).format(new Date(`${nightDate}T12:00:00Z`)).replace(',', '');
  }

  /**
   * The night a moment belongs to, named by its evening's date: anything before local noon
   * belongs to the night that began the evening before (a cramp at 03:00 on the 27th is the
   * night of the 26th).
   */
  nightOf(tMs: number): string {
    // every UTC offset in use is a whole number of quarter hours, so local noon falls on a
    // quarter-hour boundary and the answer is the same for a whole quarter hour: cache by it
    // (Intl.formatToParts costs ~10 µs, and a night has ~30 000 signal points)
    const quarter = Math.floor(tMs / QUARTER_HOUR_MS);
    let night = this.nightCache.get(quarter);
    if (night === undefined) {
      night = this.nightOfUncached(quarter * QUARTER_HOUR_MS);
      if (this.nightCache.size > 100_000) this.nightCache.clear();
      this.nightCache.set(quarter, night);
    }
    return night;
  }

  private nightOfUncached(tMs: number): string {
    const p = this.partsOf(tMs);
    if (p.hour >= 12) return `${p.year}-${pad2(p.month)}-${pad2(p.day)}`;
    const previous = new Date(Date.UTC(p.year, p.month - 1, p.day) - 86_400_000);
    return previous.toISOString().slice(0, 10);
  }

  /**
   * Round local times between fromMs and toMs, every `stepMin` minutes of the local day
   * (22:00, 22:30, 23:00… or 00:00, 02:00…), as epoch ms. Stepping in local time keeps the ticks
   * on round times across a DST change; a time the change skips gets no tick.
   */
  clockTicks(fromMs: number, toMs: number, stepMin: number): number[] {
    const ticks: number[] = [];
    const first = this.partsOf(fromMs);
    let localMs = Date.UTC(first.year, first.month - 1, first.day, first.hour);
    const endLocalMs = toMs + this.offsetMs(toMs) + 3_600_000;
    for (; localMs <= endLocalMs; localMs += 60_000 * Math.min(stepMin, 60)) {
      const local = new Date(localMs);
      const minuteOfDay = local.getUTCHours() * 60 + local.getUTCMinutes();
      if (minuteOfDay % stepMin !== 0) continue;
      const tMs = localMs - this.offsetMs(localMs - this.offsetMs(localMs));
      const p = this.partsOf(tMs);
      if (p.hour !== local.getUTCHours() || p.minute !== local.getUTCMinutes()) continue;
      if (tMs >= fromMs && tMs <= toMs && tMs !== ticks[ticks.length - 1]) ticks.push(tMs);
    }
    return ticks;
  }

  /** Whole local hours between fromMs and toMs, every `stepH` hours. */
  hourTicks(fromMs: number, toMs: number, stepH: number): number[] {
    return this.clockTicks(fromMs, toMs, stepH * 60);
  }
}

// made on first use: a formatter costs ~10 ms to make, and a replay that prints no night needs none
let nightShortWords: Intl.DateTimeFormat | undefined;
const QUARTER_HOUR_MS = 15 * 60_000;
let nightWords: Intl.DateTimeFormat | undefined;

export function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/** True when Intl knows this IANA zone name. */
export function isValidTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-GB', { timeZone });
    return true;
  } catch {
    return false;
  }
}

// The recording's start as wall-clock fields, from the header's dd.mm.yy and hh.mm.ss (EDF spec:
// years 85–99 are 1985–1999 and 00–84 are 2000–2084, the "1985 clipping date") and, in EDF+,
// the 4-digit "Startdate dd-MMM-yyyy" of the recording identification, which wins (it is the
// only date after 2084, when yy reads "yy"). EDF carries no time zone: these are the clock
// readings of the recording machine.
import { EdfError } from './errors.ts';
import { printable } from './fields.ts';

export interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];

/** Three dot-separated numbers; the EDF FAQ (Q2) has seen " 2. 8.51" and "2.8.51" in the wild. */
function threeParts(text: string): number[] | 'yy' | undefined {
  const parts = text.split('.').map((p) => p.trim());
  if (parts.length !== 3) return undefined;
  if (parts[2].toLowerCase() === 'yy' && /^\d{1,2}$/.test(parts[0]) && /^\d{1,2}$/.test(parts[1])) return 'yy';
  if (!parts.every((p) => /^\d{1,2}$/.test(p))) return undefined;
  return parts.map(Number);
}

/** "02-MAR-2002" → {year, month, day}, or undefined for "X" or anything else. */
export function edfPlusDate(text: string): { year: number; month: number; day: number } | undefined {
  const match = /^(\d{2})-([A-Za-z]{3})-(\d{4})$/.exec(text);
  if (!match) return undefined;
  const month = MONTHS.indexOf(match[2].toUpperCase()) + 1;
  const day = Number(match[1]);
  if (month < 1 || day < 1 || day > 31) return undefined;
  return { year: Number(match[3]), month, day };
}

export function parseStartClock(dateField: string, timeField: string, recordingField: string): WallClock {
  const time = threeParts(timeField);
  if (!Array.isArray(time) || time[0] > 23 || time[1] > 59 || time[2] > 59) {
    throw new EdfError('bad_start_time', `starttime "${printable(timeField)}" is not hh.mm.ss`);
  }
  const [hour, minute, second] = time;
  // EDF+ recording identification: "Startdate 02-MAR-2002 …"
  const words = recordingField.split(' ');
  const plus = words[0] === 'Startdate' && words[1] ? edfPlusDate(words[1]) : undefined;
  if (plus) return { ...plus, hour, minute, second };
  const date = threeParts(dateField);
  if (date === 'yy') throw new EdfError('bad_start_time', 'startdate reads "yy" (after 2084) but the recording identification has no "Startdate dd-MMM-yyyy"');
  if (!date || date[0] < 1 || date[0] > 31 || date[1] < 1 || date[1] > 12) {
    throw new EdfError('bad_start_time', `startdate "${printable(dateField)}" is not dd.mm.yy`);
  }
  const [day, month, yy] = date;
  return { year: yy >= 85 ? 1900 + yy : 2000 + yy, month, day, hour, minute, second };
}

/** The wall clock read as UTC, epoch ms. */
export function wallClockAsUtcMs(clock: WallClock): number {
  return Date.UTC(clock.year, clock.month - 1, clock.day, clock.hour, clock.minute, clock.second);
}

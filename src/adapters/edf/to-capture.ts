// An EDF/EDF+/BDF recording as a PROTOCOL capture (§7) and its ground truth (§8): a profile per
// leg, then the legs' frames in time order with the recording's start as the clock, record by
// record, never holding more than a record and a frame of samples per channel. EDF+ annotations
// that name leg movements, PLM, arousals or cramps become truth episodes.
import type { TruthEpisode } from '../../score/score.ts';
import { ZonedClock } from '../../report/time-zone.ts';
import { meaningOf, type TruthKind } from './annotation-kinds.ts';
import { EdfError } from './errors.ts';
import type { EdfHeader } from './header.ts';
import { LegFramer, type FrameLine } from './leg-framer.ts';
import { planImport } from './plan.ts';
import type { SignalRole } from './labels.ts';
import type { EdfFile } from './records.ts';
import { edfPlusDate, wallClockAsUtcMs } from './start-time.ts';

export interface CaptureSink {
  write(line: FrameLine | { rx: number; topic: string; json: unknown }): boolean;
  drained(): Promise<void>;
}

export interface ImportOptions {
  /** device id base: devices are {base}-left and {base}-right */
  base: string;
  map: Map<string, SignalRole>;
  /** the IANA zone the recording machine's clock was in; UTC without it */
  timeZone?: string;
  wearer?: string;
}

export interface ImportSummary {
  variant: string;
  startMs: number;
  recordedS: number;
  missingS: number;
  legs: { device: string; side?: string; frames: number; gaps: number }[];
  truth: TruthEpisode[];
  truthCounts: Partial<Record<TruthKind, number>>;
  /** annotation texts that are not truth, with how often (the 20 most frequent) */
  otherAnnotations: [string, number][];
  notes: string[];
}

export async function edfToCapture(edf: EdfFile, sink: CaptureSink, options: ImportOptions): Promise<ImportSummary> {
  const { header } = edf;
  const plan = planImport(header, options.base, options.map);
  const notes = [...header.warnings, ...plan.notes];
  const startMs = startEpochMs(header, options.timeZone, notes);
  const framers = plan.legs.map((leg) => new LegFramer(leg));
  const age = ageAt(header, startMs);
  for (const leg of plan.legs) {
    const profile: Record<string, unknown> = { v: 1 };
    if (leg.side) profile.leg = leg.side;
    if (options.wearer) profile.wearer = options.wearer;
    if (age !== undefined) profile.age = age;
    sink.write({ rx: Math.floor(startMs), topic: `crampwatch/v1/${leg.device}/profile`, json: profile });
  }

  const truth: TruthEpisode[] = [];
  const others = new Map<string, number>();
  const devices = new Set(plan.legs.map((l) => l.device));
  const durationS = header.recordDurationS;
  const fastestHz = Math.max(...plan.legs.map((l) => l.fsHz));
  const toleranceS = 0.5 / fastestHz;
  let expectedS = NaN;
  let missingS = 0;
  let recordedS = 0;
  const out: FrameLine[] = [];
  for await (const record of edf.records()) {
    if (record.index === 0 || record.onsetS > expectedS + toleranceS) {
      if (record.index > 0) {
        // EDF+D: a gap in the recording
        for (const framer of framers) framer.endSegment(out);
        const gapS = record.onsetS - expectedS;
        missingS += gapS;
        for (const framer of framers) framer.skipGap(gapS * 1000);
      }
      for (const framer of framers) framer.startSegment(startMs + record.onsetS * 1000);
    } else if (record.onsetS < expectedS - toleranceS) {
      throw new EdfError('records_out_of_order', `data record ${record.index + 1} starts at ${record.onsetS} s, before the previous one ended (${expectedS} s)`);
    }
    expectedS = record.onsetS + durationS;
    recordedS += durationS;
    for (const framer of framers) framer.pushRecord(record.physical, out);
    for (const tal of record.annotations) {
      for (const text of tal.texts) {
        const meaning = meaningOf(text);
        if (!meaning) {
          const key = text.slice(0, 60);
          if (others.has(key) || others.size < 1000) others.set(key, (others.get(key) ?? 0) + 1);
          continue;
        }
        const device = truthDevice(meaning.side, options.base, devices);
        if (meaning.kind === 'cramp' && !devices.has(device)) {
          notes.push(`cramp annotation "${text.slice(0, 60)}" at ${tal.onsetS} s names no leg and there are two: left out of the truth`);
          continue;
        }
        const start = Math.round(startMs + tal.onsetS * 1000);
        const episode: TruthEpisode & { note: string } = { device, kind: meaning.kind, start, end: Math.round(start + (tal.durationS ?? 0) * 1000), note: text.slice(0, 80) };
        if (meaning.muscle) episode.muscle = meaning.muscle;
        truth.push(episode);
      }
    }
    await flush(out, sink);
  }
  for (const framer of framers) framer.endSegment(out);
  await flush(out, sink);

  truth.sort((a, b) => a.start - b.start);
  const truthCounts: Partial<Record<TruthKind, number>> = {};
  for (const t of truth) truthCounts[t.kind as TruthKind] = (truthCounts[t.kind as TruthKind] ?? 0) + 1;
  // the cramp detector watches the calf, thigh and foot muscles; the tibialis alone is for LMs
  const blind = plan.legs.filter((leg) => leg.emg.every((e) => e.muscle === 'tibialis_anterior') && truth.some((t) => t.kind === 'cramp' && t.device === leg.device));
  for (const leg of blind) notes.push(`${leg.device}: cramps are annotated but only the tibialis anterior was recorded: the detector cannot see them, and score counts them as missed`);
  if (truth.some((t) => !devices.has(t.device))) notes.push(`events that name no leg, in a recording of two legs, are in the truth under device "${options.base}"`);
  return {
    variant: header.variant,
    startMs,
    recordedS,
    missingS,
    legs: framers.map((f) => ({ device: f.plan.device, side: f.plan.side, frames: f.frames, gaps: f.gaps })),
    truth,
    truthCounts,
    otherAnnotations: [...others].sort((a, b) => b[1] - a[1]).slice(0, 20),
    notes,
  };
}

async function flush(out: FrameLine[], sink: CaptureSink): Promise<void> {
  if (out.length === 0) return;
  // the legs' frames in order of arrival, as a broker would have seen them
  out.sort((a, b) => a.rx - b.rx);
  let wait = false;
  for (const line of out) wait = !sink.write(line) || wait;
  out.length = 0;
  if (wait) await sink.drained();
}

/** The leg's device when the event names a side that was recorded, else the only leg, else the base. */
function truthDevice(side: 'left' | 'right' | undefined, base: string, devices: Set<string>): string {
  if (side && devices.has(`${base}-${side}`)) return `${base}-${side}`;
  if (devices.size === 1) return [...devices][0];
  return base;
}

function startEpochMs(header: EdfHeader, timeZone: string | undefined, notes: string[]): number {
  const wallMs = wallClockAsUtcMs(header.start);
  if (!timeZone) {
    notes.push('EDF start times have no time zone: the recording clock was read as UTC (--tz ZONE to say where it was)');
    return wallMs;
  }
  const clock = new ZonedClock(timeZone);
  // local = utc + offset(utc): two steps settle it, also next to a DST change
  const guess = wallMs - clock.offsetMs(wallMs);
  return wallMs - clock.offsetMs(guess);
}

/** Age in whole years at the recording's start, from the EDF+ patient field's birthdate. */
function ageAt(header: EdfHeader, startMs: number): number | undefined {
  if (!header.variant.includes('+')) return undefined;
  const birth = edfPlusDate(header.patient.split(' ')[2] ?? '');
  if (!birth) return undefined;
  const start = new Date(startMs);
  let age = start.getUTCFullYear() - birth.year;
  if (start.getUTCMonth() + 1 < birth.month || (start.getUTCMonth() + 1 === birth.month && start.getUTCDate() < birth.day)) age--;
  return age >= 0 && age <= 130 ? age : undefined;
}

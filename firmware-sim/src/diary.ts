// The companion app's side of the morning: the wearer's cramp diary (PROTOCOL §10.4) for the
// night, as a person would fill it in, with the truth of what each line stands for. People note
// the cramps that woke them, at a time they guess (off by minutes, rounded), with the pain they
// remember; short and mild ones are often slept through or forgotten by morning; two cramps close
// together are remembered as one; and now and then a cramp is noted that no sensor had (in the
// other leg, or in the foot where no electrode was).
import type { Muscle } from '../../src/core/types.ts';
import { FELT_AS } from '../../src/diary/muscle-group.ts';
import type { CaptureLine } from './capture-line.ts';
import { hashSeed, Random } from './random.ts';
import type { CrampLayer, NightSpec, TruthEpisode } from './spec.ts';
import { diaryTopic } from './topics.ts';

type DiaryMuscle = 'calf' | 'thigh' | 'foot';

export interface DiaryCrampMessage {
  at: number;
  muscle?: DiaryMuscle;
  pain?: number;
  minutes?: number;
}

export interface DiaryMessage {
  v: 1;
  t: number;
  night: string;
  cramps: DiaryCrampMessage[];
}

/** What each line of the diary really was, kept in the truth file (`diary`, ignored by scoring). */
export interface DiaryTruth {
  /** the device whose topic the app sent it on */
  device: string;
  night: string;
  /** one per noted cramp, in the diary's order: the true cramp it stands for, or none */
  noted: { at: number; kind: 'felt' | 'phantom'; device?: string; start?: number; note?: string }[];
  /** true cramps the wearer did not note */
  forgotten: { device: string; start: number; end: number; muscle?: Muscle; why: 'slept_through' | 'felt_as_one' }[];
}

const MIN = 60_000;
/** The sim keeps its guesses within this of the true onset, inside the pipeline's ±30 min. */
const MAX_GUESS_OFF_MS = 25 * MIN;
/** A phantom is put this far from every true cramp, so no detected one can be taken for it. */
const PHANTOM_CLEAR_MS = 40 * MIN;

/** Severity as the pipeline grades it without calibration (README: < 200 µV mild, < 500 moderate; ≥ 2 min moderate, ≥ 5 min severe). */
function severityOf(peakUv: number, durationMs: number): 0 | 1 | 2 {
  let level: 0 | 1 | 2 = peakUv >= 500 ? 2 : peakUv >= 200 ? 1 : 0;
  if (durationMs >= 5 * MIN) level = 2;
  else if (durationMs >= 2 * MIN && level < 1) level = 1;
  return level;
}

/**
 * Chance the wearer remembers a cramp in the morning: the longer and the stronger, the likelier.
 * A cramp of a few seconds rarely wakes a sleeper fully; one of a minute or more almost always does.
 */
function rememberChance(durationMs: number, severity: 0 | 1 | 2): number {
  const s = durationMs / 1000;
  const base = s < 10 ? 0.3 : s < 30 ? 0.6 : s < 60 ? 0.8 : 0.95;
  return Math.min(0.98, base * [0.7, 1, 1.1][severity]);
}

/** The evening's date in the wearer's zone: a night that began before local noon belongs to the day before. */
export function nightDateOf(startMs: number, timeZone = 'UTC'): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(startMs - 12 * 60 * MIN));
}

/** A guessed clock time: off by a few minutes, often rounded to 5 or 15. */
function guessedAt(random: Random, trueMs: number): number {
  const offMs = random.clampedNormal(0, 7 * MIN, -MAX_GUESS_OFF_MS + 8 * MIN, MAX_GUESS_OFF_MS - 8 * MIN);
  const stepMin = random.weighted([[1, 3], [5, 5], [15, 2]] as const);
  const stepMs = stepMin * MIN;
  return Math.round((trueMs + offMs) / stepMs) * stepMs;
}

export function wearerDiary(spec: NightSpec): { line: CaptureLine; diary: DiaryMessage; truth: DiaryTruth } {
  const random = new Random(hashSeed(spec.seed, 'diary'));
  const tz = (spec.profile as { tz?: unknown }).tz;
  const timeZone = typeof tz === 'string' ? tz : 'UTC';
  const night = nightDateOf(spec.startMs, timeZone);
  const device = spec.devices[0].id;
  const cramps = spec.truth.filter((e): e is TruthEpisode & { muscle: Muscle } => e.kind === 'cramp' && e.muscle !== undefined).sort((a, b) => a.start - b.start);
  const noted: { cramp: DiaryCrampMessage; truth: DiaryTruth['noted'][number] }[] = [];
  const forgotten: DiaryTruth['forgotten'] = [];
  let lastNotedStart = -Infinity;
  for (const cramp of cramps) {
    const deviceIndex = spec.devices.findIndex((d) => d.id === cramp.device);
    const layer = spec.layers.find((l): l is CrampLayer => l.type === 'cramp' && l.device === deviceIndex && l.startMs === cramp.start);
    const durationMs = cramp.end - cramp.start;
    const severity = severityOf(layer?.levels[cramp.muscle] ?? 300, durationMs);
    if (!random.chance(rememberChance(durationMs, severity))) {
      forgotten.push({ device: cramp.device, start: cramp.start, end: cramp.end, muscle: cramp.muscle, why: 'slept_through' });
      continue;
    }
    if (cramp.start - lastNotedStart < 10 * MIN && random.chance(0.5)) {
      forgotten.push({ device: cramp.device, start: cramp.start, end: cramp.end, muscle: cramp.muscle, why: 'felt_as_one' });
      continue;
    }
    lastNotedStart = cramp.start;
    const at = guessedAt(random, cramp.start);
    const entry: DiaryCrampMessage = { at };
    if (random.chance(0.9)) entry.muscle = FELT_AS[cramp.muscle];
    // pain as remembered: mild 2–4, moderate 4–7, severe 7–10
    entry.pain = random.int([2, 4, 7][severity], [4, 7, 10][severity]);
    // a cramp feels longer than it lasts, and is told in whole minutes
    if (random.chance(0.8)) entry.minutes = Math.max(1, Math.round((durationMs / MIN) * random.uniform(1, 3)));
    noted.push({ cramp: entry, truth: { at, kind: 'felt', device: cramp.device, start: cramp.start } });
  }
  const phantom = phantomCramp(spec, random, cramps);
  if (phantom) noted.push(phantom);
  noted.sort((a, b) => a.cramp.at - b.cramp.at);
  // sent in the morning, a few minutes after the sensor came off (its will at endMs + 30 s)
  const rx = Math.round(spec.endMs + random.uniform(60_000, 240_000));
  const diary: DiaryMessage = { v: 1, t: rx, night, cramps: noted.map((n) => n.cramp) };
  return {
    line: { rx, topic: diaryTopic(device), json: diary },
    diary,
    truth: { device, night, noted: noted.map((n) => n.truth), forgotten },
  };
}

/**
 * Now and then (one night in six) a cramp the sensors truly did not have: in the other leg when
 * one is worn, else in the foot or thigh when no electrode is there; placed well away from every
 * true cramp. None when the night leaves no such place.
 */
function phantomCramp(spec: NightSpec, random: Random, cramps: readonly TruthEpisode[]): { cramp: DiaryCrampMessage; truth: DiaryTruth['noted'][number] } | undefined {
  if (!random.chance(1 / 6)) return undefined;
  const channels = new Set(spec.devices.flatMap((d) => d.channels));
  const where: { muscle: DiaryMuscle; note: string }[] = [];
  if (spec.devices.length === 1) where.push({ muscle: 'calf', note: 'in the other leg, where no sensor was' });
  if (!channels.has('foot_intrinsic')) where.push({ muscle: 'foot', note: 'in the foot, where no electrode was' });
  if (!channels.has('hamstrings') && !channels.has('quadriceps')) where.push({ muscle: 'thigh', note: 'in the thigh, where no electrode was' });
  if (where.length === 0) return undefined;
  const { muscle, note } = random.pick(where);
  // a calf phantom must be far from every true cramp, or a detected one could be taken for it
  const clear = (t: number) => muscle !== 'calf' || cramps.every((c) => t < c.start - PHANTOM_CLEAR_MS || t > c.end + PHANTOM_CLEAR_MS);
  for (let attempt = 0; attempt < 20; attempt++) {
    const trueMs = random.uniform(spec.startMs, spec.endMs);
    if (!clear(trueMs - MAX_GUESS_OFF_MS) || !clear(trueMs + MAX_GUESS_OFF_MS)) continue;
    const at = guessedAt(random, trueMs);
    if (!clear(at)) continue;
    return { cramp: { at, muscle, pain: random.int(3, 8), minutes: random.int(1, 5) }, truth: { at, kind: 'phantom', note } };
  }
  return undefined;
}

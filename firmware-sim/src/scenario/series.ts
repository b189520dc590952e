// Consecutive nights of one wearer, built so that one "see a doctor" reason of PROTOCOL §10.2
// should be raised by the last night — or, as a control, so that none should. Each night is an
// ordinary NightSpec (its own capture and truth); the series adds the wearer's time zone, the
// evenings the nights began on, and the reason it was built for.
//
// The reasons, as the sources behind them put it (NHS "Leg cramps"; Mayo Clinic "Muscle cramp";
// Allen & Kirby, Am Fam Physician 2012): cramps most nights (`frequent`), a severe cramp
// (`severe`), more cramps from one week to the next (`worsening`), a cramp lasting over about ten
// minutes (`long`), and cramps going on although stretching, drinking enough and magnesium were
// tried (`not_improving`).
import type { ContextLog, Profile } from '../../../src/core/types.ts';
import { hashSeed, Random } from '../random.ts';
import type { DeviceSpec, NightSpec } from '../spec.ts';
import { addDays, zonedTimeMs } from '../zoned-time.ts';
import { randomDevice, type DeviceOptions } from './device-config.ts';
import { addCramp } from './events/cramp.ts';
import { addLm } from './events/limb-movement.ts';
import { crampMuscle } from './cramp-draws.ts';
import { NightBuilder } from './night-builder.ts';
import { randomPerson } from './person.ts';
import { cleanTransport } from './transport.ts';
import { nightCauses } from './true-causes.ts';

export const SERIES_REASONS = ['frequent', 'severe', 'worsening', 'long', 'not_improving'] as const;
export type SeriesReason = (typeof SERIES_REASONS)[number];

/**
 * The cramps a series is made of, by what the wearer would tell a doctor. Peaks are the drive of
 * the cramping muscle, µV RMS, with no MVC calibration in the profile; the envelope a sensor
 * reads peaks higher (waxing, the neighbour muscle's crosstalk), up to about 1.6× here, so an
 * ordinary cramp is drawn well under the 500 µV a "severe" reading starts at, a severe one far
 * above it.
 */
const CRAMPS = {
  /** a cramp of half a minute or so, mild to moderate */
  ordinary: { seconds: [15, 60], peakUv: [170, 250] },
  /** as short, but hard */
  severe: { seconds: [20, 60], peakUv: [900, 1200] },
  /** well over the 10 minutes a cramp rarely lasts (NHS: "last a long time") */
  long: { seconds: [660, 750], peakUv: [300, 400] },
  /** long for a cramp (≥ 2 min makes it at least moderate) but under 5 min and under 10 */
  longish: { seconds: [150, 240], peakUv: [170, 250] },
} as const;
type CrampKind = keyof typeof CRAMPS;

export interface NightPlan {
  cramps: CrampKind[];
  /** the day's context log says the advice was followed: stretched, drank ≥ 2 L, took magnesium */
  adviceFollowed: boolean;
}

/** Fewest nights each reason needs to be seen (the windows of the pipeline's doctor rules). */
export const MIN_NIGHTS: Record<SeriesReason, number> = { frequent: 4, severe: 1, worsening: 6, long: 1, not_improving: 3 };
const DEFAULT_NIGHTS: Record<SeriesReason, number> = { frequent: 4, severe: 2, worsening: 6, long: 2, not_improving: 3 };

/** The nights of a series, night by night; `longer`: a worsening by worse cramps, not more. */
export function seriesPlan(reason: SeriesReason, control: boolean, nights: number, longer = false): NightPlan[] {
  const advice = reason === 'not_improving';
  const plans: NightPlan[] = [];
  for (let k = 0; k < nights; k++) {
    const last = k === nights - 1;
    let cramps: CrampKind[] = [];
    if (control) {
      // an ordinary cramp every third night: never 4 of 7, never a rising count, never the
      // majority of the nights the advice was followed
      if (k % 3 === 0) cramps = [reason === 'long' ? 'longish' : 'ordinary'];
    } else if (reason === 'frequent' || reason === 'not_improving') {
      cramps = ['ordinary'];
    } else if (reason === 'severe') {
      cramps = last ? ['severe'] : [];
    } else if (reason === 'long') {
      cramps = last ? ['long'] : [];
    } else if (longer) {
      // worsening by worse ones: a cramp every night, the later half's lasting minutes
      cramps = k < nights - Math.floor(nights / 2) ? ['ordinary'] : ['longish'];
    } else {
      // worsening: quiet, then more and more (the later half against the earlier)
      const later = Math.floor(nights / 2);
      const i = k - (nights - later);
      cramps = i < 0 ? [] : i < later - 1 ? ['ordinary'] : ['ordinary', 'ordinary'];
    }
    plans.push({ cramps, adviceFollowed: advice });
  }
  return plans;
}

export interface SeriesOptions extends DeviceOptions {
  reason: SeriesReason;
  /** a control series: built like the reason's, but no reason should be raised */
  control?: boolean;
  nights?: number;
  seed?: number;
  /** the wearer's IANA time zone (profile `tz`); default UTC */
  tz?: string;
  /** the evening of the first night, YYYY-MM-DD in `tz`; default drawn from the seed */
  firstEvening?: string;
  /** length of each night, hours (default 8) */
  hours?: number;
  /** worsening by worse cramps (ordinary ones, then ones of minutes), not by more of them */
  longer?: boolean;
}

export interface SeriesNight {
  spec: NightSpec;
  /** the evening the night began on, in the wearer's zone (PROTOCOL §10.2 `night`) */
  night: string;
  plan: NightPlan;
}

export interface Series {
  reason: SeriesReason;
  control: boolean;
  tz: string;
  wearer: string;
  device: string;
  /** the reasons the last night's flag should carry (of SERIES_REASONS); none for a control */
  reasons: SeriesReason[];
  nights: SeriesNight[];
}

const MIN = 60_000;

export function buildSeries(options: SeriesOptions): Series {
  const { reason } = options;
  const control = options.control ?? false;
  const nights = options.nights ?? DEFAULT_NIGHTS[reason];
  if (nights < MIN_NIGHTS[reason]) throw new Error(`a "${reason}" series needs at least ${MIN_NIGHTS[reason]} nights, got ${nights}`);
  const seed = options.seed ?? 1;
  const tz = options.tz ?? 'UTC';
  const random = new Random(hashSeed(seed, `series-${reason}-${control ? 'control' : 'reason'}`));
  const firstEvening = options.firstEvening ?? new Date(Date.UTC(2026, 0, 1) + random.int(0, 330) * 86_400_000).toISOString().slice(0, 10);
  const hours = options.hours ?? 8;
  const leg = random.chance(0.5) ? 'left' : 'right';
  const deviceId = `leg-${String(random.int(1, 99)).padStart(2, '0')}`;
  const device = randomDevice(random.fork('device'), deviceId, leg, options);
  const person = randomPerson(random.fork('person'), new Set(), leg, 0);
  const profile: Profile = { ...person.profile, tz };
  // severity read in µV (no calibration), so the plan's peaks decide it
  delete profile.mvc_uv;
  const plans = seriesPlan(reason, control, nights, options.longer);
  const series: SeriesNight[] = plans.map((plan, k) => {
    const night = addDays(firstEvening, k);
    // to bed between 21:30 and 00:45 local: some nights begin after midnight, and still belong
    // to the evening before
    const startMs = zonedTimeMs(night, random.uniform(21.5, 24.75), tz);
    const spec = nightOf(random.fork(`night-${k}`), hashSeed(seed, `series-night-${k}`), startMs, hours, device, profile, person.mvcUv, plan);
    return { spec, night, plan };
  });
  const reasons: SeriesReason[] = control ? [] : reason === 'long' ? ['long', 'severe'] : options.longer && reason === 'worsening' ? ['worsening', 'frequent'] : [reason];
  return { reason, control, tz, wearer: profile.wearer ?? deviceId, device: deviceId, reasons, nights: series };
}

function nightOf(random: Random, seed: number, startMs: number, hours: number, device: DeviceSpec, profile: Profile, mvcUv: number, plan: NightPlan): NightSpec {
  const longest = Math.max(0, ...plan.cramps.map((kind) => CRAMPS[kind].seconds[1])) * 1000;
  // room for the detector to learn the resting level, each cramp and its aftermath, and a tail
  const needMs = 5 * MIN + plan.cramps.length * 4 * MIN + longest + 2 * MIN;
  const endMs = startMs + Math.max(Math.round(hours * 3_600_000), needMs);
  const builder = new NightBuilder(random.fork('events'), startMs, endMs, [device], mvcUv);
  builder.fillPostures({ supine: 4, prone: 1, left_side: 3, right_side: 3 }, random.uniform(12, 40));
  for (const kind of plan.cramps) {
    const { seconds, peakUv } = CRAMPS[kind];
    const durationMs = random.uniform(seconds[0], seconds[1]) * 1000;
    const onset = builder.freeSlot(durationMs + 2 * MIN, startMs + 5 * MIN, endMs - MIN, 60_000, random) ?? builder.freeSlot(durationMs, startMs + 4 * MIN, endMs - 30_000, 20_000, random);
    if (onset === undefined) throw new Error(`no room for a ${kind} cramp in a ${hours} h night`);
    // woken, but not getting up: standing stretches the calf and would cut the cramp short
    addCramp(builder, { device: 0, muscle: crampMuscle(random, device), startMs: onset, durationMs, peakUv: random.uniform(peakUv[0], peakUv[1]), reaction: random.chance(0.5) ? 'none' : 'bed' });
  }
  // a few isolated leg movements, as most nights have
  const movements = random.int(0, Math.max(1, Math.round(2 * hours)));
  for (let k = 0; k < movements; k++) {
    const at = builder.freeSlot(10_000, startMs, endMs, 5000, random);
    if (at !== undefined) addLm(builder, 0, at, random.uniform(500, 5000), random.logUniform(15, 120), random.chance(0.3), 'lm');
  }
  const context = dayBefore(random.fork('day'), startMs, plan.adviceFollowed);
  builder.finish(nightCauses(profile, context));
  return {
    v: 1,
    seed,
    startMs,
    endMs,
    devices: [device],
    postures: builder.postures,
    layers: builder.layers,
    profile,
    context,
    transport: cleanTransport(),
    truth: builder.truth,
  };
}

/** The day's context log, written in the evening: the advice followed (or not), the rest ordinary. */
function dayBefore(random: Random, nightStartMs: number, adviceFollowed: boolean): ContextLog {
  const { context } = randomPerson(random, new Set(), 'left', Math.round(nightStartMs - random.uniform(1, 4) * 3_600_000));
  if (adviceFollowed) {
    context.stretched_before_bed = true;
    context.water_l = Math.round(random.uniform(2.0, 2.8) * 10) / 10;
    context.supplements = ['magnesium'];
  } else {
    // none of the advice: no stretch, enough water not to be dehydrated but under the 2 L of "drank enough"
    context.stretched_before_bed = false;
    context.water_l = Math.round(random.uniform(1.6, 1.9) * 10) / 10;
    delete context.supplements;
  }
  return context;
}

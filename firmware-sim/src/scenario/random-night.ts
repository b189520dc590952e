// A whole randomized night from a seed: who sleeps, which sensors they wear, what happens.
import type { Cause } from '../../../src/core/types.ts';
import { hashSeed, Random } from '../random.ts';
import type { DeviceSpec, NightSpec } from '../spec.ts';
import { randomDevice, withWholeLeg, type DeviceOptions } from './device-config.ts';
import { curledKneeDeg, sideGravityMg } from './knee-angles.ts';
import { addKneeBend } from './events/knee-bend.ts';
import { addToeCurl } from './events/toe-curl.ts';
import type { Muscle } from '../../../src/core/types.ts';
import { NightBuilder, type LyingPosture } from './night-builder.ts';
import { randomPerson } from './person.ts';
import { applyPreset, PRESETS } from './presets.ts';
import { cleanTransport, randomTransport } from './transport.ts';
import { crampDurationMs, crampMuscle, crampPeakUv } from './cramp-draws.ts';
import { nightCauses } from './true-causes.ts';
import { zonedTimeMs } from '../zoned-time.ts';
import { addCramp } from './events/cramp.ts';
import { addLm, addPlmSeries } from './events/limb-movement.ts';
import { addLooseElectrode } from './events/loose-electrode.ts';
import { addHum } from './events/mains-hum.ts';
import { addRestlessLegs } from './events/restless-legs.ts';
import { addStretch } from './events/stretch.ts';
import { addWalk } from './events/walk.ts';

export interface NightOptions extends DeviceOptions {
  /** length of the recording; default 8 h, or the preset's own length */
  hours?: number;
  /** a named scenario (see PRESETS) instead of a random one */
  preset?: string;
  /** start of the night, epoch ms; default a random evening in 2026 */
  startMs?: number;
  /** one leg or both */
  legs?: 1 | 2;
  /** exact number of cramps for a random night */
  cramps?: number;
  /** false: no loss, duplicates, outages or garbage */
  transport?: boolean;
  /** more look-alikes (walks, PLMs, blanket hum, loose electrodes) than a typical night: for short evaluation nights */
  busy?: boolean;
  /** the wearer's IANA time zone (profile `tz`, PROTOCOL §10.3): the drawn bedtime is then local there */
  tz?: string;
  /**
   * the night-level causes to make true in the wearer's profile and day (instead of drawn ones):
   * e.g. the demo's wearer, whose night should show what causes look like
   */
  causes?: Cause[];
  /** the first cramp comes after a long while on the stomach or with toes pointed (instead of drawn) */
  sleepingPosition?: boolean;
  /** sensors beyond the calf (thigh and foot leads, a thigh accelerometer), with the thigh's and foot's own cramps and look-alikes */
  wholeLeg?: boolean;
}

const MIN = 60_000;
const NIGHT_CAUSES: [Cause, number][] = [
  ['medication', 0.3],
  ['health_condition', 0.3],
  ['nerve_compression', 0.2],
  ['poor_circulation', 0.2],
  ['dehydration_electrolytes', 0.25],
  ['muscle_fatigue', 0.25],
];

export function randomNightSpec(seed: number, options: NightOptions = {}): NightSpec {
  const random = new Random(hashSeed(seed, 'night'));
  const preset = options.preset ? PRESETS[options.preset] : undefined;
  if (options.preset && !preset) throw new Error(`unknown preset "${options.preset}"; known: ${Object.keys(PRESETS).join(', ')}`);
  // drawn from its own stream, so that other presets' nights stay as they were
  const range = preset?.hoursRange;
  const hours = options.hours ?? (range ? random.fork('hours').uniform(range[0], range[1]) : undefined) ?? preset?.hours ?? 8;
  const day = Date.UTC(2026, 0, 1) + random.int(0, 300) * 86_400_000;
  // drawn even when the start is given, so that a seed is the same night whenever it starts
  const drawnStartMs = Math.round(day + random.uniform(21.5, 24.5) * 3_600_000);
  const startMs = options.startMs ?? (options.tz ? sameWallClockIn(drawnStartMs, options.tz) : drawnStartMs);
  const endMs = startMs + Math.round(hours * 3_600_000);

  const drawnLegs = random.chance(0.3) ? 2 : 1;
  const legs = options.legs ?? preset?.legs ?? drawnLegs;
  const firstLeg = random.chance(0.5) ? 'left' : 'right';
  const base = random.pick(['leg', 'cw', 'calf', 'node']);
  const serial = random.int(1, 99);
  const devices: DeviceSpec[] = [];
  for (let d = 0; d < legs; d++) {
    const leg = d === 0 ? firstLeg : firstLeg === 'left' ? 'right' : 'left';
    const id = legs === 1 ? `${base}-${String(serial).padStart(2, '0')}` : `${base}-${String(serial).padStart(2, '0')}-${leg[0].toUpperCase()}`;
    devices.push(randomDevice(random.fork(`device-${d}`), id, leg, { ...preset?.device, ...options }));
  }
  // drawn from the seed apart from everything else, so that a seed's calf night stays the same
  const wholeLeg = options.wholeLeg ? new Random(hashSeed(seed, 'whole-leg')) : undefined;
  if (wholeLeg) for (let d = 0; d < devices.length; d++) devices[d] = withWholeLeg(devices[d], wholeLeg.fork(`device-${d}`));

  const wanted = new Set<Cause>();
  if (preset?.causes) for (const c of preset.causes) wanted.add(c);
  else if (!preset || preset.randomEvents) for (const [cause, p] of NIGHT_CAUSES) if (random.chance(p)) wanted.add(cause);
  // chosen causes replace the drawn ones after the draws, so that every other draw of the seed stays
  if (options.causes) {
    wanted.clear();
    for (const c of options.causes) wanted.add(c);
  }
  const person = randomPerson(random.fork('person'), wanted, firstLeg, Math.round(startMs - random.uniform(1, 4) * 3_600_000));
  const mainsHz: 50 | 60 = random.chance(0.6) ? 50 : 60;

  const builder = new NightBuilder(random.fork('events'), startMs, endMs, devices, person.mvcUv);
  builder.wholeLeg = wholeLeg?.fork('knees');
  const proneSleeper = random.chance(0.2);
  const weights: Record<LyingPosture, number> = { supine: 4, prone: proneSleeper ? 4 : 1, left_side: random.uniform(2, 4), right_side: random.uniform(2, 4) };
  builder.fillPostures(weights, random.uniform(12, 40));

  if (!preset || preset.randomEvents) randomEvents(builder, random.fork('random-events'), { mainsHz, hours, cramps: options.cramps, sleepingPosition: chosenOr(options.sleepingPosition, random.chance(0.3)), busy: options.busy ?? false, wholeLeg: wholeLeg?.fork('events') });
  if (preset) applyPreset(preset, builder, random.fork('preset'), { mainsHz, wantPosition: wanted });

  const causes = nightCauses(person.profile, person.context);
  builder.finish(causes);
  const transport = options.transport === false || (preset && !preset.lossy && !preset.randomEvents) ? cleanTransport() : randomTransport(random.fork('transport'), startMs, endMs, legs, preset?.lossy ? 'lossy' : 'normal');
  return {
    v: 1,
    seed,
    preset: options.preset,
    startMs,
    endMs,
    devices,
    postures: builder.postures,
    layers: builder.layers,
    profile: options.tz ? { ...person.profile, tz: options.tz } : person.profile,
    context: person.context,
    transport,
    truth: builder.truth,
  };
}

/** The instant that reads, in `timeZone`, as `utcMs` reads in UTC (a 22:40 bedtime stays 22:40 local). */
function sameWallClockIn(utcMs: number, timeZone: string): number {
  const day = new Date(utcMs).toISOString().slice(0, 10);
  return zonedTimeMs(day, (utcMs - Date.parse(`${day}T00:00:00Z`)) / 3_600_000, timeZone);
}

/** The chosen value, else the drawn one (drawn either way, so that the seed's later draws stay). */
function chosenOr<T>(chosen: T | undefined, drawn: T): T {
  return chosen ?? drawn;
}

function randomEvents(builder: NightBuilder, random: Random, options: { mainsHz: 50 | 60; hours: number; cramps?: number; sleepingPosition: boolean; busy: boolean; wholeLeg?: Random }): void {
  const { startMs, endMs, devices } = builder;
  const long = options.hours >= 2;
  const boost = options.busy ? 1.7 : 1;
  const crampCount = options.cramps ?? (long ? random.weighted([[0, 20], [1, 35], [2, 25], [3, 13], [4, 7]] as const) : random.weighted([[0, 25], [1, 45], [2, 25], [3, 5]] as const));
  const lead = long ? 20 * MIN : Math.min(4 * MIN, (endMs - startMs) * 0.15);
  for (let k = 0; k < crampCount; k++) {
    const durationMs = Math.min(crampDurationMs(random), (endMs - startMs) * 0.25);
    const onset = builder.freeSlot(durationMs + (long ? 2 * MIN : 20_000), startMs + lead, endMs - MIN, long ? 60_000 : 20_000, random);
    if (onset === undefined) continue;
    const device = random.int(0, devices.length - 1);
    const leg = options.wholeLeg;
    if (k === 0 && options.sleepingPosition && leg?.chance(0.5)) {
      // legs tightly curled on a side for a long while before the cramp: squarely on the side
      // (the knee angle cannot be measured there) or rolled a quarter toward the front or back
      const heldMs = Math.min(onset - startMs, leg.uniform(22, 70) * MIN);
      const side = leg.chance(0.5) ? 'left_side' : 'right_side';
      const rollDeg = leg.chance(0.7) ? (leg.chance(0.5) ? 1 : -1) * leg.uniform(25, 42) : leg.normal(0, 8);
      builder.setPosture(onset - heldMs, onset + durationMs + leg.uniform(0, 10) * MIN, side, { inMs: leg.uniform(1500, 5000), outMs: leg.uniform(1500, 5000), kneeDeg: curledKneeDeg(leg), gravity: sideGravityMg(side, rollDeg, leg.normal(5, 6)) });
    } else if (k === 0 && options.sleepingPosition) {
      // lying prone (toes pointed) for a long while before the cramp
      const heldMs = Math.min(onset - startMs, random.uniform(22, 70) * MIN);
      builder.setPosture(onset - heldMs, onset + durationMs + random.uniform(0, 10) * MIN, random.chance(0.7) ? 'prone' : 'supine', { inMs: random.uniform(1500, 5000), outMs: random.uniform(1500, 5000), ankleDeg: random.uniform(32, 50) });
    }
    const muscle = leg ? wholeLegCrampMuscle(leg, devices[device]) ?? crampMuscle(random, devices[device]) : crampMuscle(random, devices[device]);
    addCramp(builder, { device, muscle, startMs: onset, durationMs, peakUv: crampPeakUv(random, builder.mvcUv) });
  }
  const walks = long ? random.weighted([[0, 3], [1, 4], [2, 2]] as const) : random.chance(0.25 * boost) ? 1 : 0;
  for (let k = 0; k < walks; k++) {
    const at = builder.freeSlot(10 * MIN, startMs + 5 * MIN, endMs - 2 * MIN, 30_000, random);
    if (at !== undefined) addWalk(builder, at);
  }
  if (random.chance(0.3 * boost)) {
    const series = long ? random.int(1, 3) : 1;
    for (let s = 0; s < series; s++) {
      const count = long ? random.int(4, 120) : random.int(4, 25);
      const interval = random.uniform(15, 60);
      const at = builder.freeSlot(Math.min(count * interval * 1000, (endMs - startMs) * 0.5), startMs + 2 * MIN, endMs, 10_000, random);
      if (at === undefined) continue;
      const both = devices.length > 1 && random.chance(0.5) ? devices.map((_, d) => d) : [random.int(0, devices.length - 1)];
      addPlmSeries(builder, both, at, count, interval);
    }
  }
  const isolated = random.int(0, Math.round(2 * options.hours));
  for (let k = 0; k < isolated; k++) {
    const at = builder.freeSlot(10_000, startMs, endMs, 5000, random);
    if (at !== undefined) addLm(builder, random.int(0, devices.length - 1), at, random.uniform(500, 6000), random.logUniform(15, 200), random.chance(0.3), 'lm');
  }
  const stretches = random.int(0, long ? 4 : 2);
  for (let k = 0; k < stretches; k++) {
    const at = builder.freeSlot(25_000, startMs, endMs, 10_000, random);
    if (at !== undefined) addStretch(builder, random.int(0, devices.length - 1), at);
  }
  if (random.chance(0.3 * boost)) {
    const episodes = random.int(1, 2);
    for (let k = 0; k < episodes; k++) {
      const from = k === 0 && random.chance(0.6) ? startMs : random.uniform(startMs, endMs - 5 * MIN);
      const to = Math.min(endMs, from + random.logUniform(5, 120) * MIN);
      addHum(builder, from, to, options.mainsHz, random.logUniform(10, 3000));
    }
  }
  if (random.chance(0.4)) addHum(builder, startMs, endMs, options.mainsHz, random.logUniform(0.3, 6), true);
  if (random.chance(0.2 * boost)) {
    const episodes = random.int(1, 2);
    for (let k = 0; k < episodes; k++) {
      const from = random.uniform(startMs, endMs - MIN);
      const to = random.chance(0.2) ? endMs : Math.min(endMs, from + random.logUniform(10 / 60, 30) * MIN);
      addLooseElectrode(builder, random.int(0, devices.length - 1), from, to, random.chance(0.3), options.mainsHz);
    }
  }
  if (options.wholeLeg) wholeLegEvents(builder, options.wholeLeg, options.hours);
}

/** A thigh or foot cramp on a node that carries those leads (a calf one otherwise: undefined). */
function wholeLegCrampMuscle(random: Random, device: DeviceSpec): Muscle | undefined {
  const thigh = device.channels.includes('hamstrings');
  const foot = device.channels.includes('foot_intrinsic');
  const draw = random.uniform(0, 1);
  if (thigh && draw < 0.35) return random.chance(0.6) ? 'hamstrings' : 'quadriceps';
  if (foot && draw >= 0.35 && draw < 0.7) return 'foot_intrinsic';
  return undefined;
}

/** The thigh's and foot's own look-alikes: knees bent while settling, toes curled on purpose. */
function wholeLegEvents(builder: NightBuilder, random: Random, hours: number): void {
  const { startMs, endMs, devices } = builder;
  for (let d = 0; d < devices.length; d++) {
    if (devices[d].channels.includes('hamstrings')) {
      const bends = random.int(1, Math.max(1, Math.round(3 * hours)));
      for (let k = 0; k < bends; k++) {
        const at = builder.freeSlot(10_000, startMs, endMs, 5000, random);
        if (at !== undefined) addKneeBend(builder, random, d, at);
      }
    }
    if (devices[d].channels.includes('foot_intrinsic')) {
      const curls = random.int(1, Math.max(1, Math.round(4 * hours)));
      for (let k = 0; k < curls; k++) {
        const at = builder.freeSlot(10_000, startMs, endMs, 5000, random);
        if (at !== undefined) addToeCurl(builder, random, d, at);
      }
    }
  }
}

// Nights closer to real wear than the one-phenomenon presets: the usual random night (look-alikes,
// lossy transport) with one hard part on top. bench/harder-nights.ts measures the detection goal
// on each.
// - `full-night`: a whole night of 6–9 hours, to count false cramps per 8 h over many hours;
// - `dry-electrodes`: dry or textile electrodes on every device (a 10–25 µV floor that settles
//   and wanders, the gain with it) and at least one weak cramp (40–120 µV RMS at its peak);
// - `both-legs`: a device on each leg, and both calves cramping within a minute of each other
//   (nocturnal cramps are often bilateral: Naylor & Young 1994, Postgrad Med J 70:877).
import type { Random } from '../random.ts';
import { crampDurationMs, crampMuscle } from './cramp-draws.ts';
import { addCramp } from './events/cramp.ts';
import { addDryElectrodes } from './events/dry-electrodes.ts';
import type { NightBuilder } from './night-builder.ts';
import type { Preset } from './presets.ts';

const MIN = 60_000;

/** A weak cramp somewhere free on a device (40–120 µV RMS at its peak: the weak end of cramps). */
function addWeakCramp(b: NightBuilder, random: Random, device: number): void {
  const durationMs = Math.min(crampDurationMs(random), 4 * MIN);
  const onset = b.freeSlot(durationMs + 2 * MIN, b.startMs + 10 * MIN, b.endMs - MIN, 60_000, random);
  if (onset === undefined) return;
  addCramp(b, { device, muscle: crampMuscle(random, b.devices[device]), startMs: onset, durationMs, peakUv: random.logUniform(40, 120) });
}

/** Both calves, the second within a minute of the first (either may come first). */
function addBilateralCramps(b: NightBuilder, random: Random): void {
  const first = random.int(0, 1);
  const lagMs = random.uniform(0, 60_000);
  const durations = [Math.min(crampDurationMs(random), 3 * MIN), Math.min(crampDurationMs(random), 3 * MIN)];
  const spanMs = lagMs + Math.max(durations[0], durations[1]);
  const onset = b.freeSlot(spanMs + 2 * MIN, b.startMs + 10 * MIN, b.endMs - MIN, 60_000, random);
  if (onset === undefined) return;
  for (const [k, device] of [first, 1 - first].entries()) {
    const peakUv = Math.min(1500, Math.max(60, b.mvcUv * random.uniform(0.15, 1.1)));
    // woken by the first, the sleeper stays in bed and pulls the toes up (standing on one cramping
    // leg to stretch the other is not what people do)
    addCramp(b, { device, muscle: crampMuscle(random, b.devices[device]), startMs: onset + k * lagMs, durationMs: durations[k], peakUv, reaction: random.pick(['none', 'bed'] as const) });
  }
}

export const HARDER_PRESETS: Record<string, Preset> = {
  'full-night': {
    hours: 7.5,
    hoursRange: [6, 9],
    randomEvents: true,
    build() {},
  },
  'dry-electrodes': {
    hours: 2,
    randomEvents: true,
    build(builder, random) {
      addWeakCramp(builder, random, random.int(0, builder.devices.length - 1));
      for (let d = 0; d < builder.devices.length; d++) addDryElectrodes(builder, d);
    },
  },
  'both-legs': {
    hours: 2,
    legs: 2,
    randomEvents: true,
    build(builder, random) {
      addBilateralCramps(builder, random);
    },
  },
};

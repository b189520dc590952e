// Named short scenarios, one phenomenon each, for unit tests and clips. Device settings stay
// random (seeded) unless a preset pins them; the transport is clean except in `lossy`.
import { CAUSES, type Cause } from '../../../src/core/types.ts';
import type { Random } from '../random.ts';
import type { DeviceOptions } from './device-config.ts';
import type { NightBuilder } from './night-builder.ts';
import { crampDurationMs, crampMuscle, crampPeakUv } from './cramp-draws.ts';
import { addCramp } from './events/cramp.ts';
import { addPlmSeries } from './events/limb-movement.ts';
import { addLooseElectrode } from './events/loose-electrode.ts';
import { addHum } from './events/mains-hum.ts';
import { addRestlessLegs } from './events/restless-legs.ts';
import { addStretch } from './events/stretch.ts';
import { addWalk } from './events/walk.ts';
import { HARDER_PRESETS } from './harder-presets.ts';

export interface Preset {
  /** default length */
  hours: number;
  /** a length drawn per seed in this range (hours) instead, unless one is given */
  hoursRange?: [number, number];
  /** the usual random night's events first (and its transport), then the preset's own */
  randomEvents?: boolean;
  legs?: 1 | 2;
  device?: DeviceOptions;
  /** night-level causes to make true (profile and context) */
  causes?: Cause[];
  lossy?: boolean;
  build(builder: NightBuilder, random: Random, night: { mainsHz: 50 | 60; wantPosition: ReadonlySet<Cause> }): void;
}

const MIN = 60_000;

function oneCramp(builder: NightBuilder, random: Random, atFraction = 0.5, durationMs?: number): void {
  const { startMs, endMs } = builder;
  const length = durationMs ?? Math.min(random.uniform(20_000, 120_000), (endMs - startMs) * 0.3);
  const onset = startMs + (endMs - startMs) * atFraction - length / 2;
  addCramp(builder, { device: 0, muscle: crampMuscle(random, builder.devices[0]), startMs: onset, durationMs: length, peakUv: crampPeakUv(random, builder.mvcUv) });
}

/** Keep the posture still across the whole clip (no turns unless asked). */
function stillPosture(builder: NightBuilder, random: Random, posture: 'supine' | 'prone' | 'left_side' | 'right_side' = random.pick(['supine', 'left_side', 'right_side'] as const), ankleDeg?: number): void {
  builder.setPosture(builder.startMs, builder.endMs, posture, { inMs: 0, outMs: 0, ankleDeg });
}

const causePresets: Record<string, Preset> = {};
for (const cause of CAUSES) {
  causePresets[`cause-${cause}`] = {
    hours: 0.5,
    causes: cause === 'sleeping_position' ? [] : [cause],
    build(builder, random) {
      const { startMs, endMs } = builder;
      if (cause === 'sleeping_position') {
        stillPosture(builder, random, 'prone', random.uniform(35, 50));
      } else {
        // on the side with a relaxed ankle: position must not count
        stillPosture(builder, random, random.pick(['left_side', 'right_side'] as const), random.uniform(10, 22));
      }
      oneCramp(builder, random, 0.8, Math.min(random.uniform(20_000, 90_000), (endMs - startMs) * 0.2));
    },
  };
}

export const PRESETS: Record<string, Preset> = {
  quiet: {
    hours: 1 / 6,
    build(builder, random) {
      stillPosture(builder, random);
    },
  },
  cramp: {
    hours: 1 / 6,
    build(builder, random) {
      stillPosture(builder, random);
      oneCramp(builder, random, 0.5);
    },
  },
  plm: {
    hours: 1 / 3,
    build(builder, random) {
      stillPosture(builder, random);
      const interval = random.uniform(15, 40);
      addPlmSeries(builder, [0], builder.startMs + MIN, Math.floor(((builder.endMs - builder.startMs - 2 * MIN) / 1000 / interval) * 0.8), interval);
    },
  },
  turning: {
    hours: 1 / 6,
    build(builder, random) {
      // fresh epochs every 1–3 minutes: each boundary is a turn
      const postures = ['supine', 'left_side', 'prone', 'right_side'] as const;
      let t = builder.startMs;
      let k = random.int(0, 3);
      while (t < builder.endMs) {
        const end = Math.min(builder.endMs, t + random.uniform(1, 3) * MIN);
        builder.setPosture(t, end, postures[k++ % 4], { inMs: random.uniform(1000, 6000), outMs: random.uniform(1000, 6000) });
        t = end;
      }
    },
  },
  walking: {
    hours: 1 / 6,
    build(builder, random) {
      stillPosture(builder, random);
      addWalk(builder, builder.startMs + random.uniform(1, 2) * MIN);
    },
  },
  stretch: {
    hours: 1 / 6,
    build(builder, random) {
      stillPosture(builder, random);
      const span = builder.endMs - builder.startMs;
      for (let k = 0; k < 3; k++) addStretch(builder, 0, builder.startMs + span * (k + 0.2 + random.uniform(0, 0.4)) / 3);
    },
  },
  restless: {
    hours: 1 / 6,
    build(builder, random) {
      stillPosture(builder, random);
      addRestlessLegs(builder, 0, builder.startMs + MIN, (builder.endMs - builder.startMs) * 0.7);
    },
  },
  blanket: {
    hours: 1 / 6,
    build(builder, random, night) {
      stillPosture(builder, random);
      addHum(builder, builder.startMs, builder.endMs, night.mainsHz, random.logUniform(30, 3000));
    },
  },
  'blanket-cramp': {
    hours: 1 / 6,
    build(builder, random, night) {
      stillPosture(builder, random);
      addHum(builder, builder.startMs, builder.endMs, night.mainsHz, random.logUniform(100, 2000));
      oneCramp(builder, random, 0.5);
    },
  },
  'loose-electrode': {
    hours: 1 / 6,
    build(builder, random, night) {
      stillPosture(builder, random);
      addLooseElectrode(builder, 0, builder.startMs + 2 * MIN, builder.endMs - MIN, random.chance(0.4), night.mainsHz);
    },
  },
  lossy: {
    hours: 1 / 3,
    lossy: true,
    build(builder, random) {
      oneCramp(builder, random, 0.5);
    },
  },
  'two-legs': {
    hours: 1 / 3,
    legs: 2,
    build(builder, random) {
      oneCramp(builder, random, 0.6, Math.min(crampDurationMs(random), 4 * MIN));
      addPlmSeries(builder, [0, 1], builder.startMs + MIN, 8, random.uniform(15, 30));
    },
  },
  ...causePresets,
  ...HARDER_PRESETS,
};

export function applyPreset(preset: Preset, builder: NightBuilder, random: Random, night: { mainsHz: 50 | 60; wantPosition: ReadonlySet<Cause> }): void {
  preset.build(builder, random, night);
}

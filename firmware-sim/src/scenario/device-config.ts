// A randomized sensor node: sampling rates, frame size, channels, and the many ways real bodies
// and electrodes differ (noise floor, spectrum, crosstalk, ECG bleed, amplifier corners).
import type { Muscle } from '../../../src/core/types.ts';
import type { Random } from '../random.ts';
import type { DeviceSpec } from '../spec.ts';

export interface DeviceOptions {
  emgFsHz?: number;
  frameMs?: number;
  soleus?: boolean;
  foot?: boolean;
  heart?: boolean;
  /** ADC step the firmware reports, µV */
  lsbUv?: number;
  /** accelerometer rate, Hz */
  accFsHz?: number;
}

/** Crosstalk between calf muscles: gastrocnemius and soleus lie on top of each other, tibialis is
 *  on the other side of the tibia (De Luca et al. 2012, "Inter-electrode spacing of surface EMG
 *  sensors: reduction of crosstalk contamination", J Electromyogr Kinesiol 22:496). */
function crosstalkBetween(a: Muscle, b: Muscle, random: Random): number {
  const pair = [a, b].sort().join('+');
  if (pair === 'gastrocnemius+soleus') return random.uniform(0.15, 0.4);
  if (pair.includes('tibialis_anterior')) return random.uniform(0.01, 0.08);
  return random.uniform(0.02, 0.1);
}

function pinned<T>(value: T | undefined, drawn: T): T {
  return value ?? drawn;
}

export function randomDevice(random: Random, id: string, leg: 'left' | 'right', options: DeviceOptions = {}): DeviceSpec {
  // Draw everything, then apply overrides: pinning one setting must not reshuffle the others.
  const emgFsHz = pinned(options.emgFsHz, random.weighted([[500, 1], [1000, 4], [2000, 1]] as const));
  // Frames of round milliseconds, or of a power-of-two sample count as DMA buffers often are.
  const drawnFrame = random.weighted([[100, 3], [200, 2], [250, 2], [500, 2], [1000, 1], [-128, 1], [-256, 1], [-512, 1]] as const);
  const frameMs = pinned(options.frameMs, drawnFrame);
  const frameSamples = Math.min(4096, frameMs < 0 ? -frameMs : Math.round((emgFsHz * frameMs) / 1000));
  const soleus = pinned(options.soleus, random.chance(0.3));
  const foot = pinned(options.foot, random.chance(0.5));
  const channels: Muscle[] = soleus ? ['gastrocnemius', 'soleus', 'tibialis_anterior'] : ['gastrocnemius', 'tibialis_anterior'];
  if (random.chance(0.2)) channels.reverse();
  const accFsHz = pinned(options.accFsHz, random.weighted([[20, 0.5], [25, 1], [50, 3], [100, 1], [200, 0.3]] as const));
  const nyquistSafe = Math.min(emgFsHz * 0.4, 450);
  const subjectHigh = random.uniform(90, 170); // thicker subcutaneous fat lowers it (Farina 2002)
  const spectrum = channels.map(() => ({
    lowHz: random.uniform(15, 35),
    highHz: Math.min(nyquistSafe, subjectHigh * random.uniform(0.85, 1.15)),
  }));
  const crosstalk = channels.map((a, c) => channels.map((b, d) => (c === d ? 1 : crosstalkBetween(a, b, random))));
  const hasHeart = pinned(options.heart, random.chance(0.6));
  const heartUv = random.logUniform(5, 60);
  return {
    id,
    seqStart: random.chance(0.15) ? 0xffffffff - random.int(0, 5000) : random.int(0, 100000),
    leg,
    emgFsHz,
    frameSamples,
    channels,
    accFsHz,
    accPhaseMs: random.uniform(0, 1000 / accFsHz),
    foot,
    temp: random.chance(0.75),
    battery: random.chance(0.8),
    noiseUv: channels.map(() => random.logUniform(0.8, 6)),
    tonicUv: channels.map(() => (random.chance(0.3) ? random.uniform(1, 4) : random.uniform(0, 1))),
    spectrum,
    crosstalk,
    highPassHz: random.weighted([[0.5, 1], [5, 2], [10, 2], [20, 2]] as const),
    rangeUv: random.pick([2500, 5000, 8000, 10000]),
    lsbUv: pinned(options.lsbUv, random.pick([0.1, 0.25, 0.5])),
    accNoiseMg: random.uniform(2, 8),
    mountYawDeg: random.normal(0, 4),
    mountRollDeg: random.normal(0, 4),
    heart: {
      amplitudeUv: channels.map((m) => (hasHeart ? heartUv * (m === 'tibialis_anterior' ? random.uniform(0.2, 0.7) : random.uniform(0.6, 1)) * (random.chance(0.3) ? -1 : 1) : 0)),
      bpm: random.uniform(50, 90),
    },
    tempBaseC: random.uniform(29.5, 33),
    batteryStart: random.uniform(0.45, 1),
    batteryPerHour: random.uniform(0.02, 0.06),
    clockOffsetMs: random.int(-1500, 1500),
    clockDriftPpm: random.uniform(-60, 60),
    noiseDriftPerHour: random.chance(0.5) ? random.uniform(0, 0.15) : 0,
    latencyMs: random.logUniform(15, 250),
    latencyJitterMs: random.logUniform(2, 80),
  };
}

/**
 * A node with leads beyond the calf (PROTOCOL §1, §10.1): thigh channels (hamstrings and
 * quadriceps), the sole of the foot (foot_intrinsic), and a thigh accelerometer. Drawn from its
 * own random stream and appended, so the calf part of the device is what the seed always gave.
 */
export function withWholeLeg(device: DeviceSpec, random: Random): DeviceSpec {
  const thighLeads = random.chance(0.75);
  const footLead = !thighLeads || random.chance(0.7);
  const added: Muscle[] = [...(thighLeads ? (['hamstrings', 'quadriceps'] as const) : []), ...(footLead ? (['foot_intrinsic'] as const) : [])];
  const channels = [...device.channels, ...added];
  const nyquistSafe = Math.min(device.emgFsHz * 0.4, 450);
  // thigh muscles lie under more fat than the calf (a lower spectrum); the sole's muscles under thick skin
  const spectrum = [...device.spectrum, ...added.map((m) => ({ lowHz: random.uniform(15, 30), highHz: Math.min(nyquistSafe, random.uniform(m === 'foot_intrinsic' ? 110 : 80, m === 'foot_intrinsic' ? 180 : 150)) }))];
  // far apart on the leg: almost no crosstalk between thigh, calf and sole; the two thigh heads a little
  const crosstalk = channels.map((a, c) => channels.map((b, d) => (c === d ? 1 : c < device.channels.length && d < device.channels.length ? device.crosstalk[c][d] : a !== b && [a, b].every((m) => m === 'hamstrings' || m === 'quadriceps') ? random.uniform(0.02, 0.08) : random.uniform(0, 0.02))));
  const heartOn = device.heart.amplitudeUv.some((a) => a !== 0);
  return {
    ...device,
    channels,
    spectrum,
    crosstalk,
    noiseUv: [...device.noiseUv, ...added.map(() => random.logUniform(0.8, 6))],
    tonicUv: [...device.tonicUv, ...added.map(() => (random.chance(0.3) ? random.uniform(1, 4) : random.uniform(0, 1)))],
    heart: { ...device.heart, amplitudeUv: [...device.heart.amplitudeUv, ...added.map((m) => (heartOn ? random.logUniform(3, m === 'foot_intrinsic' ? 10 : 40) : 0))] },
    thigh: thighLeads ? random.chance(0.8) : random.chance(0.3),
  };
}

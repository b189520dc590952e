// Mains interference over part or all of the night.
import type { NightBuilder } from '../night-builder.ts';

/** Mains interference: an electric blanket (an artifact worth noting), or `ambient` pick-up from wiring near the bed all night. */
export function addHum(b: NightBuilder, startMs: number, endMs: number, hz: 50 | 60, amplitudeUv: number, ambient = false): void {
  const random = b.random.fork('hum');
  const duty = ambient || random.chance(0.5) ? 1 : random.uniform(0.3, 0.9);
  const cycleS = random.uniform(60, 600);
  const harmonics = [random.uniform(0.02, 0.3), random.uniform(0.05, 0.5), random.uniform(0.01, 0.1), random.uniform(0.02, 0.2)];
  for (let d = 0; d < b.devices.length; d++) {
    const device = b.devices[d];
    b.layers.push({ type: 'hum', device: d, startMs, endMs, seed: b.seed(), hz, amplitudeUv: amplitudeUv * random.uniform(0.6, 1.4), harmonics, cycleS, duty, channelGain: device.channels.map(() => random.uniform(0.4, 1.5)) });
    if (!ambient) b.note(d, 'artifact', startMs, endMs, { note: `electric blanket mains hum ${hz} Hz` });
  }
}

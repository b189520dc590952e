// An electrode working loose: a run of bad-contact segments on one channel or all of them.
import type { Muscle } from '../../../../src/core/types.ts';
import type { LooseLayer, LooseMode } from '../../spec.ts';
import type { NightBuilder } from '../night-builder.ts';

export function addLooseElectrode(b: NightBuilder, device: number, startMs: number, endMs: number, allChannels: boolean, mainsHz: 50 | 60 = 50): void {
  const random = b.random.fork('loose');
  const channels = b.devices[device].channels;
  const affected: Muscle[] = allChannels ? [...channels] : [random.pick(channels)];
  const segments: LooseLayer['segments'] = [];
  let t = startMs;
  while (t < endMs) {
    const mode = random.weighted([['wander', 3], ['pops', 3], ['saturate', 1], ['flat', 1], ['junk', 2]] as [LooseMode, number][]);
    const length = Math.min(endMs - t, random.logUniform(5000, 300_000));
    const amplitudeUv = mode === 'wander' ? random.logUniform(100, 2000) : mode === 'pops' ? random.logUniform(200, 5000) : random.logUniform(200, 3000);
    segments.push({ startMs: t, endMs: t + length, mode, amplitudeUv });
    t += length + (random.chance(0.3) ? random.uniform(2000, 60_000) : 0);
  }
  b.layers.push({ type: 'loose', device, startMs, endMs, seed: b.seed(), channels: affected, segments, mainsHz });
  b.note(device, 'artifact', startMs, endMs, { note: `electrode loose on ${affected.join(', ')}` });
}

// Artifacts that once passed for cramps, on hand-made signals (test/detect/synthetic.ts): a
// blanket's hum clipping the amplifier and cycling with its thermostat, and a loose electrode's
// contact noise. Each false alarm is checked gone, and a real cramp under the same artifact found.
// (The loose-contact case failed before the suspect rule; the blanket case is a guard: this
// simple clipped hum did not reproduce the simulator's cycle, seed 903006 of blanket-cramp.)
import { describe, expect, it } from 'vitest';
import type { Episode, SampleFrame } from '../../src/core/types.ts';
import { createDeviceCore } from '../../src/detect/index.ts';
import { crampEnvelope, Prng, syntheticFrames, type SyntheticNight } from './synthetic.ts';

const START = 1_764_201_600_000;
const SUPINE = (): [number, number, number] => [100, 0, -995];
/** the amplifier's range, µV: samples beyond it read as the rail */
const RANGE_UV = 2500;

function closedEpisodes(spec: SyntheticNight): Episode[] {
  const episodes: Episode[] = [];
  const core = createDeviceCore('leg-01', { episode: (e) => episodes.push(e), signal: () => {}, limbMovement: () => {} });
  for (const frame of syntheticFrames({ startMs: START, acc: SUPINE, ...spec }, 'leg-01')) {
    for (const channel of frame.emgUv) for (let i = 0; i < channel.length; i++) channel[i] = Math.max(-RANGE_UV, Math.min(RANGE_UV, channel[i]));
    core.pushFrame(frame);
  }
  core.finish();
  return episodes.filter((e) => e.event === 'close');
}

describe('electric blanket hum that clips the amplifier and cycles (on 100 s, off 60 s)', () => {
  const channels: SampleFrame['channels'] = ['gastrocnemius', 'soleus', 'tibialis_anterior'];
  const humOn = (tMs: number) => tMs > 20_000 && (tMs - 20_000) % 160_000 < 100_000;
  // 50 Hz with harmonics 2–5, just over the rail on the soleus: the clipped tops' distortion
  // survives the notches as tens of µV of broadband residue
  const hum = (c: number, tMs: number) => {
    if (!humOn(tMs)) return 0;
    const phase = (2 * Math.PI * 50 * tMs) / 1000;
    const wave = Math.sin(phase) + 0.06 * Math.sin(2 * phase + 1) + 0.12 * Math.sin(3 * phase + 2) + 0.08 * Math.sin(4 * phase + 3) + 0.15 * Math.sin(5 * phase + 4);
    return (c === 1 ? 2650 : 300) * wave;
  };
  it('is not a cramp on the clipping channel when the hum comes back on', () => {
    const closed = closedEpisodes({ fsHz: 1000, channels, durationMs: 600_000, envelope: () => 3, extra: hum });
    expect(closed).toEqual([]);
  });
  it('a cramp of the gastrocnemius (not clipping) during the hum is still found', () => {
    const closed = closedEpisodes({
      fsHz: 1000,
      channels,
      durationMs: 600_000,
      envelope: (c, t) => 3 + (c === 0 ? crampEnvelope(t, 360_000, 420_000, 150) : 0),
      extra: hum,
    });
    expect(closed.map((e) => e.muscle)).toEqual(['gastrocnemius']);
    expect(Math.abs(closed[0].start - (START + 360_000))).toBeLessThan(1500);
  });
});

describe('an electrode that has come loose', () => {
  const channels: SampleFrame['channels'] = ['gastrocnemius', 'tibialis_anterior'];
  const contact = new Prng(11);
  // 30–50 s: the contact wanders (300 µV at 2 Hz: a loose-contact sign); from 120 s on it adds
  // broadband contact noise of ~25 µV, with a trace of hum, and nothing that flags it
  const loose = (c: number, tMs: number) => {
    if (c !== 0) return 0;
    let x = 0;
    if (tMs >= 30_000 && tMs < 50_000) x += 300 * Math.sin((2 * Math.PI * 2 * tMs) / 1000);
    if (tMs >= 120_000 && tMs < 200_000) x += 25 * contact.gaussian() + 8 * Math.sin((2 * Math.PI * 50 * tMs) / 1000);
    return x;
  };
  it('its contact noise is not a cramp', () => {
    const closed = closedEpisodes({ fsHz: 1000, channels, durationMs: 240_000, envelope: () => 2, extra: loose });
    expect(closed).toEqual([]);
  });
  it('a strong cramp on that channel is still found', () => {
    const closed = closedEpisodes({
      fsHz: 1000,
      channels,
      durationMs: 240_000,
      envelope: (c, t) => 2 + (c === 0 ? crampEnvelope(t, 90_000, 150_000, 200) : 0),
      extra: (c, t) => (t < 60_000 ? loose(c, t) : 0),
    });
    expect(closed.map((e) => e.muscle)).toEqual(['gastrocnemius']);
    expect(Math.abs(closed[0].start - (START + 90_000))).toBeLessThan(1500);
  });
});

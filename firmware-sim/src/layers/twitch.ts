// Twitching after a cramp: fasciculations, single motor-unit discharges at random, fading over
// minutes (Miller & Layzer 2005: cramps are often preceded and followed by fasciculations). Each
// is one MUAP: a biphasic or triphasic spike of 5–15 ms, tens to hundreds of µV at the skin.
import type { Muscle } from '../../../src/core/types.ts';
import { Random } from '../random.ts';
import type { TwitchLayer } from '../spec.ts';
import { lowerBound, type LayerRenderer } from './renderer.ts';

export class TwitchRenderer implements LayerRenderer {
  readonly startMs: number;
  readonly endMs: number;
  private readonly times: Float64Array;
  private readonly amplitudes: Float32Array;
  private readonly widthsMs: Float32Array;

  constructor(private readonly layer: TwitchLayer) {
    this.startMs = layer.startMs;
    this.endMs = layer.endMs;
    const random = new Random(layer.seed);
    const times: number[] = [];
    let t = layer.startMs;
    const spanMs = layer.endMs - layer.startMs;
    for (;;) {
      const fade = 1 - (2 / 3) * ((t - layer.startMs) / spanMs);
      t += (-Math.log(1 - random.next()) * 1000) / (layer.ratePerS * fade);
      if (t >= layer.endMs - 20) break;
      times.push(t);
    }
    this.times = Float64Array.from(times);
    this.amplitudes = new Float32Array(times.length);
    this.widthsMs = new Float32Array(times.length);
    for (let k = 0; k < times.length; k++) {
      this.amplitudes[k] = layer.peakUv * random.uniform(0.3, 1) * (random.chance(0.5) ? 1 : -1);
      this.widthsMs[k] = random.uniform(1.5, 4);
    }
  }

  addSignal(muscle: Muscle, t0Ms: number, dtMs: number, out: Float32Array): void {
    if (muscle !== this.layer.muscle) return;
    const blockEnd = t0Ms + out.length * dtMs;
    for (let k = lowerBound(this.times, t0Ms - 20); k < this.times.length && this.times[k] < blockEnd + 20; k++) {
      const center = this.times[k];
      const width = this.widthsMs[k];
      const amplitude = this.amplitudes[k];
      const first = Math.max(0, Math.ceil((center - 5 * width - t0Ms) / dtMs));
      const end = Math.min(out.length, Math.ceil((center + 5 * width - t0Ms) / dtMs));
      for (let i = first; i < end; i++) {
        // first derivative of a Gaussian: the classic biphasic MUAP seen by a bipolar electrode
        const z = (t0Ms + i * dtMs - center) / width;
        out[i] += amplitude * -z * Math.exp(0.5 - 0.5 * z * z);
      }
    }
  }
}
